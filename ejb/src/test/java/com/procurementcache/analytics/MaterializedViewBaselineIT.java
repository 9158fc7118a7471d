package com.procurementcache.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.analytics.control.AnalyticsComputation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark baseline (sql/baseline/materialized-views.sql): the seed plan's four materialized
 * views refresh CONCURRENTLY and compute the same figures as the per-organization refresh. The
 * views take current_date as their as-of, so the data is generated up to the server's date.
 */
class MaterializedViewBaselineIT {

  static final String BASELINE = "/baseline/materialized-views.sql";

  private final AnalyticsComputation computation = new AnalyticsComputation();
  private GeneratedDatabase database;
  private Connection c;
  private LocalDate today;

  @BeforeEach
  void generateData() throws SQLException {
    today = GeneratedDatabase.serverDate();
    database = GeneratedDatabase.create(today);
    c = database.connect();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    c.close();
    database.close();
  }

  @Test
  void viewsRefreshConcurrentlyAndAgreeWithTheAnalyticsTables() throws SQLException {
    database.run(c, BASELINE);
    // A source change after the views were created: only a real refresh picks it up.
    execute(
        "UPDATE invoices SET status = 'void'"
            + " WHERE id = (SELECT min(id::text)::uuid FROM invoices WHERE status = 'paid')");
    refreshAnalyticsOfEveryOrganization();

    for (String view : views()) {
      execute("REFRESH MATERIALIZED VIEW CONCURRENTLY " + view);
    }

    assertSameRows(
        "mv_dashboard_metrics_org",
        "dashboard_metrics",
        "organization_id, total_spend, spend_last_30_days, spend_previous_30_days, invoice_count,"
            + " open_invoice_count, active_supplier_count, product_count, location_count,"
            + " average_invoice_amount");
    assertSameRows(
        "mv_product_metrics_org",
        "product_metrics",
        "organization_id, product_id, total_quantity, total_spend, purchase_count,"
            + " average_unit_price, min_unit_price, max_unit_price, last_unit_price,"
            + " price_change_ratio, last_purchased_on");
    assertSameRows(
        "mv_cogs_analysis_org",
        "cogs_analysis",
        "organization_id, location_id, category, month, spend, quantity, line_count");
    assertSameRows(
        "mv_supplier_metrics_org",
        "supplier_metrics",
        "organization_id, supplier_id, total_spend, invoice_count, product_count,"
            + " average_invoice_amount, spend_share, first_invoice_on, last_invoice_on");
    assertThat(count("SELECT count(*) FROM mv_dashboard_metrics_org WHERE total_spend > 0"))
        .isEqualTo(count("SELECT count(*) FROM organizations"));
  }

  @Test
  void baselineScriptIsRerunnable() throws SQLException {
    database.run(c, BASELINE);
    database.run(c, BASELINE);

    assertThat(views()).hasSize(4);
    assertThat(
            count(
                "SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'mv\\_%' AND indexdef LIKE"
                    + " 'CREATE UNIQUE INDEX%'"))
        .isEqualTo(4);
  }

  private void refreshAnalyticsOfEveryOrganization() throws SQLException {
    List<UUID> organizations = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM organizations ORDER BY id")) {
      while (rs.next()) {
        organizations.add(rs.getObject(1, UUID.class));
      }
    }
    for (UUID org : organizations) {
      computation.recompute(c, org, 1, Instant.now(), today);
    }
  }

  private void assertSameRows(String view, String table, String columns) throws SQLException {
    String fromView = "SELECT " + columns + " FROM " + view;
    String fromTable = "SELECT " + columns + " FROM " + table;
    assertThat(count("SELECT count(*) FROM " + view))
        .as("rows of %s", view)
        .isPositive()
        .isEqualTo(count("SELECT count(*) FROM " + table));
    assertThat(count("SELECT count(*) FROM (" + fromView + " EXCEPT ALL " + fromTable + ") d"))
        .as("rows of %s that differ from %s", view, table)
        .isZero();
  }

  private List<String> views() throws SQLException {
    List<String> views = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT matviewname FROM pg_matviews WHERE matviewname LIKE 'mv\\_%' ORDER BY 1")) {
      while (rs.next()) {
        views.add(rs.getString(1));
      }
    }
    return views;
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long count(String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
