package com.procurementcache.refresh;

import com.procurementcache.schema.control.SchemaMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A migrated scratch database with the generator's small data set (5 organizations, 4 active),
 * dropped on close. Server and credentials from the it.db.* system properties.
 */
final class RefreshDatabase implements AutoCloseable {

  private final String name;
  private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

  private RefreshDatabase(String name) {
    this.name = name;
    dataSource.setURL(url(name));
    dataSource.setUser(System.getProperty("it.db.user", "postgres"));
    dataSource.setPassword(System.getProperty("it.db.password", ""));
  }

  static RefreshDatabase create() throws Exception {
    String name = "pc_refresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    RefreshDatabase db = new RefreshDatabase(name);
    new SchemaMigrations(db.dataSource).migrate();
    String generator =
        Files.readString(
            Path.of(System.getProperty("project.root", ".."), "sql/generator/generate-data.sql"));
    try (Connection c = db.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(generator);
      s.execute("SELECT datagen.generate('small', 7, DATE '2026-06-30')");
    }
    return db;
  }

  DataSource dataSource() {
    return dataSource;
  }

  List<UUID> activeOrganizations() throws SQLException {
    return ids("SELECT id FROM organizations WHERE status = 'active' ORDER BY id");
  }

  List<UUID> ids(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<UUID> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
      return ids;
    }
  }

  long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
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
    props.setProperty("user", System.getProperty("it.db.user", "postgres"));
    props.setProperty("password", System.getProperty("it.db.password", ""));
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
