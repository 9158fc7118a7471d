package com.procurementcache.analytics;

import com.procurementcache.schema.ScratchDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * A scratch database, migrated and filled by the data generator at the 'small' scale (5
 * organizations, one inactive), dropped again on close.
 */
final class GeneratedDatabase implements AutoCloseable {

  static final long SEED = ScratchDatabase.SEED;

  private final ScratchDatabase database;

  private GeneratedDatabase(ScratchDatabase database) {
    this.database = database;
  }

  /** Creates, migrates and fills a database with invoices up to {@code asOf}. */
  static GeneratedDatabase create(LocalDate asOf) throws SQLException {
    return new GeneratedDatabase(ScratchDatabase.createGenerated("pc_it_analytics", asOf));
  }

  /** The server's current date, the as-of of the materialized views. */
  static LocalDate serverDate() throws SQLException {
    try (Connection c = ScratchDatabase.connectToServer();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT current_date")) {
      rs.next();
      return rs.getObject(1, LocalDate.class);
    }
  }

  Connection connect() throws SQLException {
    return database.connect();
  }

  /** Runs an SQL script from the test class path as one statement. */
  void run(Connection c, String resource) throws SQLException {
    database.run(c, resource);
  }

  @Override
  public void close() throws SQLException {
    database.close();
  }
}
