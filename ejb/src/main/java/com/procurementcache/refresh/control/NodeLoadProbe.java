package com.procurementcache.refresh.control;

import com.procurementcache.traffic.entity.TrafficSample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The load the refresh defers to, all of it measured within the last second or so: this node's
 * readers (requests per second), this JVM's CPU without the refresh's own thread, and the share of
 * the database's connections busy with a query (other than this probe's). The host's load average
 * is not used: it trails by a minute and counts the refresh's own database work.
 */
public class NodeLoadProbe implements LoadProbe {

  private static final Logger LOG = Logger.getLogger(NodeLoadProbe.class.getName());

  private final DataSource dataSource;
  private final Supplier<TrafficSample> readers;
  private final ReaderCpu cpu = new ReaderCpu();

  public NodeLoadProbe(DataSource dataSource, Supplier<TrafficSample> readers) {
    this.dataSource = dataSource;
    this.readers = readers;
  }

  @Override
  public Load measure() {
    return new Load(readers.get(), cpu.measure(), databaseActivity());
  }

  private double databaseActivity() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
                SELECT count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid())::float8
                       / current_setting('max_connections')::float8
                FROM pg_stat_activity
                WHERE backend_type = 'client backend'
                """)) {
      rs.next();
      return rs.getDouble(1);
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Could not measure database activity: {0}", e.getMessage());
      return 0;
    }
  }
}
