package com.procurementcache.push.control;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * A new physical connection to the pool's database, with the pool's own settings (URL, user,
 * password), but not one of the pool's connections: a connection that waits for notifications for
 * as long as the node runs must not hold one of the request threads' connections.
 */
public final class ListeningConnection implements ChangeListener.ConnectionSource {

  private final DataSource pool;

  public ListeningConnection(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Connection open() throws SQLException {
    // The application server's pool wraps the driver's data source and hands it out on unwrap.
    BaseDataSource driver = pool.unwrap(BaseDataSource.class);
    Connection c = driver.getConnection();
    c.setAutoCommit(true);
    return c;
  }
}
