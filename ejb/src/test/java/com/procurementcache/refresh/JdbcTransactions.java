package com.procurementcache.refresh;

import com.procurementcache.refresh.control.Transactions;
import java.sql.Connection;
import javax.sql.DataSource;

/** Plain connection transactions, standing in for the container's JTA outside it. */
final class JdbcTransactions implements Transactions {

  private final DataSource dataSource;

  JdbcTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public <T> T inNewTransaction(Work<T> work) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Exception e) {
        c.rollback();
        throw e;
      }
    }
  }
}
