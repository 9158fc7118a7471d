package com.procurementcache.webhook;

import com.procurementcache.schema.control.SchemaMigrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A migrated PostgreSQL database of a test's own, dropped again on close. Server and credentials
 * come from the it.db.* system properties the build passes (default: local trust setup).
 */
final class LedgerDatabase implements AutoCloseable {

  private final String name;
  private final PGSimpleDataSource dataSource;

  private LedgerDatabase(String name) {
    this.name = name;
    this.dataSource = new PGSimpleDataSource();
    dataSource.setURL(url(name));
    dataSource.setUser(user());
    dataSource.setPassword(password());
  }

  static LedgerDatabase createMigrated() throws SQLException {
    String name = "pc_it_webhook_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    LedgerDatabase database = new LedgerDatabase(name);
    new SchemaMigrations(database.dataSource()).migrate();
    return database;
  }

  DataSource dataSource() {
    return dataSource;
  }

  private static String url(String database) {
    return "jdbc:postgresql://"
        + System.getProperty("it.db.host", "127.0.0.1")
        + ":"
        + System.getProperty("it.db.port", "5432")
        + "/"
        + database;
  }

  private static String user() {
    return System.getProperty("it.db.user", "postgres");
  }

  private static String password() {
    return System.getProperty("it.db.password", "");
  }

  private static Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user());
    props.setProperty("password", password());
    return DriverManager.getConnection(url(database), props);
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
