package com.procurementcache.demo.control;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the database is: a JDBC URL, a user and a password, taken from {@code DB_URL}, {@code
 * DB_USER}, {@code DB_PASSWORD} or the local defaults.
 */
public record DatabaseTarget(String url, String user, String password) {

  public static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/procurement_cache";
  public static final String DEFAULT_USER = "postgres";

  public DatabaseTarget {
    Objects.requireNonNull(url, "a JDBC URL");
    if (Driver.parseURL(url, null) == null) {
      throw new IllegalArgumentException(
          "DB_URL is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + url);
    }
    user = user == null || user.isEmpty() ? DEFAULT_USER : user;
    password = password == null ? "" : password;
  }

  public static DatabaseTarget fromEnvironment(Map<String, String> env) {
    String url = env.getOrDefault("DB_URL", "");
    return new DatabaseTarget(
        url.isEmpty() ? DEFAULT_URL : url, env.get("DB_USER"), env.get("DB_PASSWORD"));
  }

  private Properties parsed() {
    return Driver.parseURL(url, null);
  }

  public String databaseName() {
    return parsed().getProperty("PGDBNAME");
  }

  public String hostAndPort() {
    Properties p = parsed();
    return p.getProperty("PGHOST") + ":" + p.getProperty("PGPORT");
  }

  /** The same server and credentials, another database (e.g. the maintenance database). */
  public DatabaseTarget withDatabase(String database) {
    Properties p = parsed();
    return new DatabaseTarget(
        "jdbc:postgresql://"
            + p.getProperty("PGHOST")
            + ":"
            + p.getProperty("PGPORT")
            + "/"
            + database,
        user,
        password);
  }

  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url, props);
  }

  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }
}
