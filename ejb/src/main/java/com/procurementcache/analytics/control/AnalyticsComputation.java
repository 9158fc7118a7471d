package com.procurementcache.analytics.control;

import com.procurementcache.analytics.entity.Violation;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One organization's analytics, computed set-based by the SQL functions of {@code
 * sql/functions/R__*.sql}: recompute the seven analytics tables, validate what was written, read
 * the key figures. The work is SQL; this class only calls it.
 *
 * <p>Every method runs on the caller's connection and in the caller's transaction (a JTA one inside
 * the server, a plain JDBC one in tests) and neither commits nor rolls back: the caller recomputes,
 * validates and decides. {@link SQLException}s pass through unchanged, so that the caller can tell
 * a retryable failure (SQLState class 40, e.g. a deadlock) from a lasting one.
 */
public class AnalyticsComputation {

  private static final String RECOMPUTE = "SELECT analytics_refresh_organization(?, ?, ?, ?)";

  // WITH ORDINALITY keeps the order the functions produce their rows in (rule order, figure order).
  private static final String VALIDATE =
      "SELECT v.kind, v.rule, v.detail"
          + " FROM analytics_validate_organization(?) WITH ORDINALITY AS v(kind, rule, detail, n)"
          + " ORDER BY v.n";

  private static final String KEY_FIGURES =
      "SELECT k.figure, k.value"
          + " FROM analytics_key_figures(?) WITH ORDINALITY AS k(figure, value, n)"
          + " ORDER BY k.n";

  /**
   * Replaces the organization's rows in all seven analytics tables with figures computed from the
   * source as of the end of {@code asOf}, stamped with {@code newVersion} and {@code at}, and
   * upserts its snapshot row (version, time, source totals).
   *
   * @return the number of analytics rows written
   * @throws SQLException also when {@code newVersion} is lower than the organization's current
   *     version (SQLState 22023) or the organization does not exist (23503)
   */
  public long recompute(Connection c, UUID org, long newVersion, Instant at, LocalDate asOf)
      throws SQLException {
    Objects.requireNonNull(c, "a connection");
    Objects.requireNonNull(org, "an organization");
    Objects.requireNonNull(at, "a refresh time");
    Objects.requireNonNull(asOf, "an as-of date");
    if (newVersion <= 0) {
      throw new IllegalArgumentException("versions are positive: " + newVersion);
    }
    try (PreparedStatement statement = c.prepareStatement(RECOMPUTE)) {
      statement.setObject(1, org);
      statement.setLong(2, newVersion);
      statement.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      statement.setObject(4, asOf);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The violations of the organization's current analytics rows (empty when they are valid):
   * integrity first, then business, then anomaly, each by rule.
   */
  public List<Violation> validate(Connection c, UUID org) throws SQLException {
    Objects.requireNonNull(c, "a connection");
    Objects.requireNonNull(org, "an organization");
    List<Violation> violations = new ArrayList<>();
    try (PreparedStatement statement = c.prepareStatement(VALIDATE)) {
      statement.setObject(1, org);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          violations.add(new Violation(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return List.copyOf(violations);
  }

  /**
   * The key figures of the organization's current analytics rows, in a fixed order ({@code
   * total_spend}, {@code spend_last_30_days}, {@code invoice_count}, {@code active_supplier_count},
   * {@code product_count}, {@code average_invoice_amount}, {@code price_alert_count}); empty when
   * the organization was never refreshed. Read them before and after {@link #recompute} in one
   * transaction to compare the previous and the new figures.
   */
  public Map<String, BigDecimal> keyFigures(Connection c, UUID org) throws SQLException {
    Objects.requireNonNull(c, "a connection");
    Objects.requireNonNull(org, "an organization");
    Map<String, BigDecimal> figures = new LinkedHashMap<>();
    try (PreparedStatement statement = c.prepareStatement(KEY_FIGURES)) {
      statement.setObject(1, org);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          figures.put(rs.getString(1), rs.getBigDecimal(2));
        }
      }
    }
    return Collections.unmodifiableMap(figures);
  }
}
