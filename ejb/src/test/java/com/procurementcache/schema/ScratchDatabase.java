package com.procurementcache.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An empty PostgreSQL database of a test's own, dropped again on close. Server and credentials come
 * from the it.db.* system properties the build passes (default: local trust setup).
 */
final class ScratchDatabase implements AutoCloseable {

  private final String name;

  private ScratchDatabase(String name) {
    this.name = name;
  }

  static ScratchDatabase create(String prefix) throws SQLException {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new ScratchDatabase(name);
  }

  String url() {
    return url(name);
  }

  private static String url(String database) {
    return "jdbc:postgresql://"
        + System.getProperty("it.db.host", "127.0.0.1")
        + ":"
        + System.getProperty("it.db.port", "5432")
        + "/"
        + database;
  }

  static String user() {
    return System.getProperty("it.db.user", "postgres");
  }

  static String password() {
    return System.getProperty("it.db.password", "");
  }

  private static Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user());
    props.setProperty("password", password());
    return DriverManager.getConnection(url(database), props);
  }

  Connection connect() throws SQLException {
    return connect(name);
  }

  DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url());
    dataSource.setUser(user());
    dataSource.setPassword(password());
    return dataSource;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
