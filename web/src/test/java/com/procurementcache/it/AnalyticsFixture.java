package com.procurementcache.it;

import com.procurementcache.analytics.entity.DataType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Publishes a snapshot of an organization's analytics the way a refresh leaves it (one transaction:
 * every analytics table and the snapshot row, all with one version), with plain SQL over the
 * organization's source rows ({@link TestOrganization}). The figures are simple aggregates of this
 * class's own (the dashboard's invoice count, for one, counts every invoice): the tests check
 * serving, not the refresh's arithmetic.
 */
public final class AnalyticsFixture {

  private static final List<String> TABLES =
      DataType.nightlyTypes().stream().map(type -> type.analyticsTable().orElseThrow()).toList();

  private static final List<String> INSERTS =
      List.of(
          """
          INSERT INTO dashboard_metrics
          SELECT ?1, ?2, ?3, coalesce(sum(i.total_amount), 0), 0, 0, count(*),
                 count(*) FILTER (WHERE i.status IN ('draft', 'approved')),
                 count(DISTINCT i.supplier_id),
                 (SELECT count(*) FROM products WHERE organization_id = ?1),
                 (SELECT count(*) FROM locations WHERE organization_id = ?1),
                 coalesce(avg(i.total_amount), 0)
          FROM invoices i WHERE i.organization_id = ?1
          """,
          """
          INSERT INTO product_metrics
          SELECT ?1, l.product_id, ?2, ?3, sum(l.quantity), sum(l.amount), count(*),
                 avg(l.unit_price), min(l.unit_price), max(l.unit_price), max(l.unit_price),
                 NULL, max(i.invoice_date)
          FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
          WHERE l.organization_id = ?1 GROUP BY l.product_id
          """,
          """
          INSERT INTO cogs_analysis
          SELECT ?1, i.location_id, p.category, date_trunc('month', i.invoice_date)::date, ?2, ?3,
                 sum(l.amount), sum(l.quantity), count(*)
          FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
          JOIN products p ON p.id = l.product_id
          WHERE l.organization_id = ?1 GROUP BY 2, 3, 4
          """,
          """
          INSERT INTO supplier_metrics
          SELECT ?1, i.supplier_id, ?2, ?3, sum(i.total_amount), count(*), 0, avg(i.total_amount),
                 0, min(i.invoice_date), max(i.invoice_date)
          FROM invoices i WHERE i.organization_id = ?1 GROUP BY i.supplier_id
          """,
          """
          INSERT INTO invoice_analytics
          SELECT ?1, date_trunc('month', i.invoice_date)::date, ?2, ?3, count(*), 0,
                 sum(i.total_amount), avg(i.total_amount),
                 count(*) FILTER (WHERE i.status = 'draft'),
                 count(*) FILTER (WHERE i.status = 'approved'),
                 count(*) FILTER (WHERE i.status = 'paid'),
                 count(*) FILTER (WHERE i.status = 'void')
          FROM invoices i WHERE i.organization_id = ?1 GROUP BY 2
          """,
          """
          INSERT INTO price_alerts
          SELECT ?1, l.product_id, i.supplier_id, ?2, ?3, min(l.unit_price), max(l.unit_price),
                 CASE WHEN min(l.unit_price) = 0 THEN 0
                      ELSE round((max(l.unit_price) - min(l.unit_price)) / min(l.unit_price), 4)
                 END,
                 max(i.invoice_date),
                 (ARRAY['info', 'warning', 'critical'])[1 + abs(hashtext(l.product_id::text)) % 3]
          FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
          WHERE l.organization_id = ?1 GROUP BY l.product_id, i.supplier_id
          HAVING max(l.unit_price) > min(l.unit_price)
          """,
          """
          INSERT INTO efficiency_metrics VALUES (?1, ?2, ?3, 3.5, 0.5, 0.1, 0.02, 7)
          """);

  private AnalyticsFixture() {}

  /** Replaces the organization's analytics with a snapshot of {@code version}. */
  public static void publish(UUID organization, long version, Instant refreshedAt)
      throws SQLException {
    try (Connection connection = TestEnvironment.database().connect()) {
      connection.setAutoCommit(false);
      deleteAnalytics(connection, organization);
      for (String insert : INSERTS) {
        execute(connection, insert, organization, version, refreshedAt);
      }
      execute(
          connection,
          """
          INSERT INTO analytics_snapshots
          SELECT ?1, ?2, ?3, count(*), coalesce(sum(amount), 0)
          FROM invoice_lines WHERE organization_id = ?1
          ON CONFLICT (organization_id) DO UPDATE
            SET version = excluded.version, refreshed_at = excluded.refreshed_at
          """,
          organization,
          version,
          refreshedAt);
      connection.commit();
    }
  }

  /** Removes the organization's analytics: as if it had never been refreshed. */
  public static void clear(UUID organization) throws SQLException {
    try (Connection connection = TestEnvironment.database().connect()) {
      connection.setAutoCommit(false);
      deleteAnalytics(connection, organization);
      execute(
          connection,
          "DELETE FROM analytics_snapshots WHERE organization_id = ?1",
          organization,
          0,
          Instant.EPOCH);
      connection.commit();
    }
  }

  private static void deleteAnalytics(Connection connection, UUID organization)
      throws SQLException {
    for (String table : TABLES) {
      execute(
          connection,
          "DELETE FROM " + table + " WHERE organization_id = ?1",
          organization,
          0,
          Instant.EPOCH);
    }
  }

  /** Runs {@code sql} with ?1 = organization, ?2 = version, ?3 = refreshed at. */
  private static void execute(
      Connection connection, String sql, UUID organization, long version, Instant refreshedAt)
      throws SQLException {
    // JDBC has no numbered parameters: each ?n becomes ? bound in order of appearance.
    StringBuilder plain = new StringBuilder();
    List<Integer> order = new java.util.ArrayList<>();
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '?' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
        order.add(sql.charAt(++i) - '0');
        plain.append('?');
      } else {
        plain.append(c);
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(plain.toString())) {
      for (int p = 0; p < order.size(); p++) {
        switch (order.get(p)) {
          case 1 -> statement.setObject(p + 1, organization);
          case 2 -> statement.setLong(p + 1, version);
          default -> statement.setTimestamp(p + 1, Timestamp.from(refreshedAt));
        }
      }
      statement.executeUpdate();
    }
  }
}
