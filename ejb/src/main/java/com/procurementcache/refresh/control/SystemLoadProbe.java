package com.procurementcache.refresh.control;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The load the refresh respects: the JVM host's one-minute load average per core, and the share of
 * the database's connections that are busy with a query (other than this probe).
 */
public class SystemLoadProbe implements LoadProbe {

  private static final Logger LOG = Logger.getLogger(SystemLoadProbe.class.getName());

  private final DataSource dataSource;
  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

  public SystemLoadProbe(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Load measure() {
    double average = os.getSystemLoadAverage(); // negative where the platform has none
    double host = average < 0 ? 0 : average / os.getAvailableProcessors();
    return new Load(host, databaseActivity());
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
