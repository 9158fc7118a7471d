package com.procurementcache.schema;

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
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL database of a test's own — empty, migrated, or migrated and filled by the data
 * generator — dropped again on close. Server and credentials come from the it.db.* system
 * properties the build passes (default: local trust setup).
 */
public final class ScratchDatabase implements AutoCloseable {

  /** The seed of the generated data: the same organizations in every test. */
  public static final long SEED = 7;

  private final String name;

  private ScratchDatabase(String name) {
    this.name = name;
  }

  /** An empty database named {@code prefix} and a random suffix. */
  public static ScratchDatabase create(String prefix) throws SQLException {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new ScratchDatabase(name);
  }

  /** A database with every migration applied. */
  public static ScratchDatabase createMigrated(String prefix) throws SQLException {
    ScratchDatabase database = create(prefix);
    try {
      new SchemaMigrations(database.dataSource()).migrate();
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** A migrated database filled by {@link #generate(LocalDate)}. */
  public static ScratchDatabase createGenerated(String prefix, LocalDate asOf) throws SQLException {
    ScratchDatabase database = createMigrated(prefix);
    try {
      database.generate(asOf);
      return database;
    } catch (SQLException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Fills this database, migrated, with the generator's 'small' data set (5 organizations, one
   * inactive) with invoices up to {@code asOf}.
   */
  public void generate(LocalDate asOf) throws SQLException {
    try (Connection c = connect()) {
      run(c, "/datagen/generate-data.sql");
      try (PreparedStatement generate =
          c.prepareStatement("SELECT datagen.generate('small', ?, ?)")) {
        generate.setLong(1, SEED);
        generate.setObject(2, asOf);
        generate.execute();
      }
    }
  }

  public String url() {
    return url(name);
  }

  public static String user() {
    return System.getProperty("it.db.user", "postgres");
  }

  public static String password() {
    return System.getProperty("it.db.password", "");
  }

  public Connection connect() throws SQLException {
    return connect(name);
  }

  /** A connection to the server's maintenance database, for questions about the server. */
  public static Connection connectToServer() throws SQLException {
    return connect("postgres");
  }

  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url());
    dataSource.setUser(user());
    dataSource.setPassword(password());
    return dataSource;
  }

  /** Runs an SQL script from the test class path as one statement. */
  public void run(Connection c, String resource) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(script(resource));
    }
  }

  private static String script(String resource) {
    try (InputStream in = ScratchDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the test class path: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String url(String database) {
    return "jdbc:postgresql://"
        + System.getProperty("it.db.host", "127.0.0.1")
        + ":"
        + System.getProperty("it.db.port", "5432")
        + "/"
        + database;
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
