package com.procurementcache.demo.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Makes sure the target database exists, creating it when PostgreSQL says it does not. */
public class DatabaseProvisioner {

  /** SQLSTATE 3D000: the database does not exist. */
  private static final String INVALID_CATALOG = "3D000";

  private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final DatabaseTarget target;

  public DatabaseProvisioner(DatabaseTarget target) {
    this.target = target;
  }

  /** Returns true when the database had to be created. */
  public boolean ensureExists() throws SQLException {
    try (Connection ignored = target.connect()) {
      return false;
    } catch (SQLException e) {
      if (!INVALID_CATALOG.equals(e.getSQLState())) {
        throw new Unreachable(target, e);
      }
    }
    String name = safeName(target.databaseName());
    try (Connection maintenance = target.withDatabase("postgres").connect();
        Statement statement = maintenance.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return true;
  }

  /** Drops the database, closing any session still on it (tests clean up after themselves). */
  public void drop() throws SQLException {
    String name = safeName(target.databaseName());
    try (Connection maintenance = target.withDatabase("postgres").connect();
        Statement statement = maintenance.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static String safeName(String name) {
    // Identifiers cannot be bound as parameters: accept plain lower-case names only.
    if (name == null || !SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database name must be lower-case letters, digits and underscores: " + name);
    }
    return name;
  }

  /** PostgreSQL did not answer, or refused the credentials: says what to do. */
  public static class Unreachable extends SQLException {

    public Unreachable(DatabaseTarget target, SQLException cause) {
      super(
          "PostgreSQL at "
              + target.hostAndPort()
              + " did not accept a connection to database '"
              + target.databaseName()
              + "' as user '"
              + target.user()
              + "': "
              + cause.getMessage()
              + "\nStart PostgreSQL (on Debian: pg_ctlcluster 15 main start) or point DB_URL, DB_USER"
              + " and DB_PASSWORD at a running server.",
          cause.getSQLState(),
          cause);
    }
  }
}
