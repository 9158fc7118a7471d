package com.procurementcache.demo.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Fills an empty, migrated database with realistic procurement data at a named scale, the same rows
 * for the same seed. The work is set-based SQL ({@code sql/generator/generate-data.sql}); this
 * class loads that script and calls it.
 */
public class DataGenerator {

  public static final Set<String> SCALES = Set.of("small", "demo", "bench");

  static final String SCRIPT = "/datagen/generate-data.sql";

  /** Generates the data as of today and returns the generator's summary (a JSON object). */
  public String generate(Connection connection, String scale, long seed) throws SQLException {
    return generate(connection, scale, seed, LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * Generates the data for invoices up to {@code asOf}: the same (scale, seed, asOf) give the same
   * rows. The script ANALYZEs what it filled.
   */
  public String generate(Connection connection, String scale, long seed, LocalDate asOf)
      throws SQLException {
    if (!SCALES.contains(scale)) {
      throw new IllegalArgumentException("scale must be one of small, demo, bench: " + scale);
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute(script());
      String summary;
      try (PreparedStatement generate =
          connection.prepareStatement("SELECT datagen.generate(?, ?, ?)::text")) {
        generate.setString(1, scale);
        generate.setLong(2, seed);
        generate.setObject(3, asOf);
        try (ResultSet rs = generate.executeQuery()) {
          rs.next();
          summary = rs.getString(1);
        }
      }
      return summary;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** True when the database holds no organization yet. */
  public boolean isEmpty(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM organizations)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static String script() {
    try (InputStream in = DataGenerator.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("generator script missing from the classpath: " + SCRIPT);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
