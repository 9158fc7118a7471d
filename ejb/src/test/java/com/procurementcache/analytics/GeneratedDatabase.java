package com.procurementcache.analytics;

import com.procurementcache.schema.control.SchemaMigrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL database of a test's own, migrated and filled by the data generator at the 'small'
 * scale (5 organizations, one inactive), dropped again on close. Server and credentials come from
 * the it.db.* system properties the build passes (default: local trust setup).
 */
final class GeneratedDatabase implements AutoCloseable {

  static final long SEED = 7;

  private final String name;

  private GeneratedDatabase(String name) {
    this.name = name;
  }

  /** Creates, migrates and fills a database with invoices up to {@code asOf}. */
  static GeneratedDatabase create(LocalDate asOf) throws SQLException {
    String name =
        "pc_it_analytics_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    GeneratedDatabase database = new GeneratedDatabase(name);
    try {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(url(name));
      dataSource.setUser(user());
      dataSource.setPassword(password());
      new SchemaMigrations(dataSource).migrate();
      try (Connection c = database.connect()) {
        database.run(c, "/datagen/generate-data.sql");
        try (PreparedStatement generate =
            c.prepareStatement("SELECT datagen.generate('small', ?, ?)")) {
          generate.setLong(1, SEED);
          generate.setObject(2, asOf);
          generate.execute();
        }
      }
      return database;
    } catch (SQLException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The server's current date, the as-of of the materialized views. */
  static LocalDate serverDate() throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT current_date")) {
      rs.next();
      return rs.getObject(1, LocalDate.class);
    }
  }

  Connection connect() throws SQLException {
    return connect(name);
  }

  /** Runs an SQL script from the test class path as one statement. */
  void run(Connection c, String resource) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(script(resource));
    }
  }

  private static String script(String resource) {
    try (InputStream in = GeneratedDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the test class path: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user());
    props.setProperty("password", password());
    return DriverManager.getConnection(url(database), props);
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

  @Override
  public void close() throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
