package com.procurementcache.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.procurementcache.analytics.control.AnalyticsComputation;
import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.analytics.entity.Violation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics functions through {@link AnalyticsComputation}, on generated data and on purchases
 * written out by hand: what the refresh writes, that it reconciles with the source (sums computed
 * here, in plain SQL or in Java, never by the functions under test), and that validation catches
 * what it should.
 */
class AnalyticsComputationIT {

  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
  static final Instant AT = Instant.parse("2026-07-01T00:00:00Z");

  static final List<String> TABLES =
      DataType.nightlyTypes().stream().map(t -> t.analyticsTable().orElseThrow()).toList();

  // The spend lines of one organization, written independently of the functions under test.
  static final String SOURCE_LINES =
      """
      FROM invoice_lines l
      JOIN invoices i ON i.id = l.invoice_id
      WHERE i.organization_id = ? AND i.status <> 'void' AND i.invoice_date <= ?
      """;

  private final AnalyticsComputation computation = new AnalyticsComputation();
  private GeneratedDatabase database;
  private Connection c;
  private List<UUID> active;

  @BeforeEach
  void generateData() throws SQLException {
    database = GeneratedDatabase.create(AS_OF);
    c = database.connect();
    c.setAutoCommit(false);
    active = ids("SELECT id FROM organizations WHERE status = 'active' ORDER BY id");
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    c.close();
    database.close();
  }

  @Test
  void recomputeWritesOnlyTheOrganizationsRowsAndTheyReconcileWithTheSource() throws SQLException {
    UUID org = active.get(0);

    long written = computation.recompute(c, org, 1, AT, AS_OF);
    c.commit();

    long rowsOfOrg = 0;
    for (String table : TABLES) {
      assertThat(number("SELECT count(*) FROM " + table + " WHERE organization_id <> ?", org))
          .as("rows of other organizations in %s", table)
          .isZero();
      rowsOfOrg += number("SELECT count(*) FROM " + table + " WHERE organization_id = ?", org);
    }
    assertThat(written).isEqualTo(rowsOfOrg);
    assertThat(number("SELECT count(*) FROM analytics_snapshots")).isOne();

    BigDecimal spend = decimal("SELECT sum(l.amount) " + SOURCE_LINES, org, AS_OF);
    assertThat(spend).isPositive();
    assertThat(decimal("SELECT total_spend FROM dashboard_metrics WHERE organization_id = ?", org))
        .isEqualByComparingTo(spend);
    assertThat(
            decimal("SELECT source_spend FROM analytics_snapshots WHERE organization_id = ?", org))
        .isEqualByComparingTo(spend);
    assertThat(
            decimal("SELECT sum(total_spend) FROM product_metrics WHERE organization_id = ?", org))
        .isEqualByComparingTo(spend);
    assertThat(
            decimal("SELECT sum(total_spend) FROM supplier_metrics WHERE organization_id = ?", org))
        .isEqualByComparingTo(spend);
    assertThat(decimal("SELECT sum(spend) FROM cogs_analysis WHERE organization_id = ?", org))
        .isEqualByComparingTo(spend);
    assertThat(
            decimal(
                "SELECT sum(total_amount) FROM invoice_analytics WHERE organization_id = ?", org))
        .isEqualByComparingTo(spend);
    assertThat(
            decimal(
                "SELECT coalesce(sum(l.amount), 0) " + SOURCE_LINES + " AND i.invoice_date > ?",
                org,
                AS_OF,
                AS_OF.minusDays(30)))
        .isEqualByComparingTo(
            decimal(
                "SELECT spend_last_30_days FROM dashboard_metrics WHERE organization_id = ?", org));
    assertThat(
            number(
                "SELECT count(*) FROM invoices"
                    + " WHERE organization_id = ? AND status <> 'void' AND invoice_date <= ?",
                org,
                AS_OF))
        .isEqualTo(
            number("SELECT invoice_count FROM dashboard_metrics WHERE organization_id = ?", org));
    assertThat(number("SELECT count(DISTINCT l.product_id) " + SOURCE_LINES, org, AS_OF))
        .isEqualTo(number("SELECT count(*) FROM product_metrics WHERE organization_id = ?", org));
  }

  @Test
  void validationFindsNothingOnGeneratedData() throws SQLException {
    List<UUID> all = ids("SELECT id FROM organizations ORDER BY id");
    for (UUID org : all) {
      computation.recompute(c, org, 1, AT, AS_OF);
    }
    c.commit();

    for (UUID org : all) {
      assertThat(computation.validate(c, org)).as("violations of %s", org).isEmpty();
    }
  }

  @Test
  void negativeSourceLineAmountIsABusinessViolation() throws SQLException {
    UUID org = active.get(0);
    update(
        "UPDATE invoice_lines SET amount = -5 WHERE id = (SELECT min(l.id) " + SOURCE_LINES + ")",
        org,
        AS_OF);

    computation.recompute(c, org, 1, AT, AS_OF);

    assertThat(computation.validate(c, org))
        .extracting(Violation::kind, Violation::rule)
        .contains(tuple(Violation.BUSINESS, "negative-source-amount"));
  }

  @Test
  void productMetricsRowOfAnotherOrganizationsProductIsAnOrphan() throws SQLException {
    UUID org = active.get(0);
    UUID other = active.get(1);
    computation.recompute(c, org, 1, AT, AS_OF);
    computation.recompute(c, other, 1, AT, AS_OF);
    // The foreign key only checks that the product exists, not whose it is.
    update(
        """
        INSERT INTO product_metrics
        SELECT ?, product_id, version, refreshed_at, total_quantity, 0, purchase_count,
               average_unit_price, min_unit_price, max_unit_price, last_unit_price,
               price_change_ratio, last_purchased_on
        FROM product_metrics WHERE organization_id = ? ORDER BY product_id LIMIT 1
        """,
        org,
        other);

    assertThat(computation.validate(c, org))
        .extracting(Violation::kind, Violation::rule)
        .contains(tuple(Violation.BUSINESS, "orphan-product"));
    assertThat(computation.validate(c, other)).isEmpty();
  }

  @Test
  void cogsRowOfAnotherOrganizationsLocationIsAnOrphan() throws SQLException {
    UUID org = active.get(0);
    UUID other = active.get(1);
    computation.recompute(c, org, 1, AT, AS_OF);
    update(
        """
        INSERT INTO cogs_analysis
        SELECT ?, (SELECT min(id::text)::uuid FROM locations WHERE organization_id = ?),
               'orphans', month, version, refreshed_at, 0, 1, 0
        FROM cogs_analysis WHERE organization_id = ? ORDER BY month LIMIT 1
        """,
        org,
        other,
        org);

    assertThat(computation.validate(c, org))
        .extracting(Violation::kind, Violation::rule)
        .contains(tuple(Violation.BUSINESS, "orphan-location"));
  }

  @Test
  void sourceLineWrittenAfterTheRefreshIsAnIntegrityViolation() throws SQLException {
    UUID org = active.get(0);
    computation.recompute(c, org, 1, AT, AS_OF);
    // What a concurrent write of the procurement platform looks like to a READ COMMITTED refresh.
    update(
        """
        INSERT INTO invoice_lines (invoice_id, organization_id, line_number, product_id, quantity,
                                   unit_price, amount)
        SELECT l.invoice_id, l.organization_id, 999, l.product_id, 1, 10, 10
        """
            + SOURCE_LINES
            + " ORDER BY l.id LIMIT 1",
        org,
        AS_OF);

    assertThat(computation.validate(c, org))
        .extracting(Violation::kind, Violation::rule)
        .contains(
            tuple(Violation.INTEGRITY, "source-spend"),
            tuple(Violation.INTEGRITY, "source-line-count"));
  }

  /**
   * Purchases with an edge case each, relative to {@link #AS_OF}: a void invoice (at a location
   * nothing else was delivered to), one dated after the as-of, the first and the last day of the
   * 30-day window, a supplier last invoiced 95 days before, a price move of exactly 30 % (warning),
   * one of 4 % (no alert), pairs bought once.
   */
  static KnownPurchases knownPurchases() {
    return new KnownPurchases()
        .invoice(
            "Fields",
            "Kitchen",
            AS_OF.minusDays(100),
            "paid",
            KnownPurchases.line("Apples", "10", "2.0000"),
            KnownPurchases.line("Butter", "5", "3.5000"))
        .invoice(
            "Fields",
            "Kitchen",
            AS_OF.minusDays(45),
            "paid",
            KnownPurchases.line("Apples", "10", "2.5000"))
        .invoice(
            "Dairy",
            "Bar",
            AS_OF.minusDays(29),
            "approved",
            KnownPurchases.line("Butter", "4", "3.6000"),
            KnownPurchases.line("Coffee", "2", "12.0000"))
        .invoice(
            "Fields",
            "Bar",
            AS_OF.minusDays(30),
            "draft",
            KnownPurchases.line("Apples", "8", "2.6000"))
        .invoice(
            "Dairy",
            "Kitchen",
            AS_OF.minusDays(3),
            "paid",
            KnownPurchases.line("Coffee", "1", "15.6000"))
        .invoice(
            "Wholesale",
            "Cellar",
            AS_OF.minusDays(10),
            "void",
            KnownPurchases.line("Butter", "100", "3.0000"))
        .invoice(
            "Wholesale",
            "Bar",
            AS_OF.plusDays(1),
            "paid",
            KnownPurchases.line("Apples", "1", "9.0000"))
        .invoice(
            "Wholesale",
            "Kitchen",
            AS_OF.minusDays(95),
            "paid",
            KnownPurchases.line("Butter", "2", "2.0000"));
  }

  @Test
  void keyFiguresFollowFromTheSourceLinesOfAKnownOrganization() throws SQLException {
    KnownPurchases known = knownPurchases();
    known.insert(c);
    assertThat(computation.keyFigures(c, known.id)).as("before any refresh").isEmpty();

    computation.recompute(c, known.id, 1, AT, AS_OF);
    Map<String, BigDecimal> figures = computation.keyFigures(c, known.id);

    Map<String, BigDecimal> expected = known.keyFigures(AS_OF);
    assertThat(figures.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (figure, value) -> assertThat(figures.get(figure)).as(figure).isEqualByComparingTo(value));
    // The oracle itself, worked out by hand: 20 + 17.50 + 25 + 14.40 + 24 + 20.80 + 15.60 + 4.
    assertThat(expected.get("total_spend")).isEqualByComparingTo("141.30");
    assertThat(expected.get("spend_last_30_days")).isEqualByComparingTo("54.00");
    assertThat(expected.get("invoice_count")).isEqualByComparingTo("6");
    assertThat(expected.get("active_supplier_count")).isEqualByComparingTo("2");
    assertThat(expected.get("product_count")).isEqualByComparingTo("3");
    assertThat(expected.get("average_invoice_amount")).isEqualByComparingTo("23.55");
    assertThat(expected.get("price_alert_count")).isEqualByComparingTo("1");
  }

  @Test
  void dashboardOfAKnownOrganizationFollowsFromItsSourceLines() throws SQLException {
    KnownPurchases known = knownPurchases();
    known.insert(c);

    computation.recompute(c, known.id, 1, AT, AS_OF);

    String dashboard = " FROM dashboard_metrics WHERE organization_id = ?";
    assertThat(decimal("SELECT spend_previous_30_days" + dashboard, known.id))
        .isEqualByComparingTo(
            known.spend(
                AS_OF, d -> d.isAfter(AS_OF.minusDays(60)) && !d.isAfter(AS_OF.minusDays(30))))
        .isEqualByComparingTo("45.80");
    assertThat(number("SELECT open_invoice_count" + dashboard, known.id))
        .isEqualTo(known.openInvoices(AS_OF))
        .isEqualTo(2);
    assertThat(number("SELECT location_count" + dashboard, known.id))
        .isEqualTo(known.locationsWithInvoices(AS_OF))
        .isEqualTo(2);
    assertThat(
            strings(
                "SELECT severity || ' ' || change_ratio FROM price_alerts WHERE organization_id ="
                    + " ?",
                known.id))
        .as("Coffee from Dairy: 12.00, then 15.60")
        .containsExactly("warning 0.3000");
    assertThat(computation.validate(c, known.id)).isEmpty();
  }

  @Test
  void keyFiguresOfGeneratedDataMatchPlainAggregatesOverTheSource() throws SQLException {
    UUID org = active.get(0);

    computation.recompute(c, org, 1, AT, AS_OF);
    Map<String, BigDecimal> figures = computation.keyFigures(c, org);

    BigDecimal spend = decimal("SELECT sum(l.amount) " + SOURCE_LINES, org, AS_OF);
    BigDecimal invoices =
        decimal(
            "SELECT count(*) FROM invoices"
                + " WHERE organization_id = ? AND status <> 'void' AND invoice_date <= ?",
            org,
            AS_OF);
    assertThat(figures.get("total_spend")).isEqualByComparingTo(spend);
    assertThat(figures.get("spend_last_30_days"))
        .isEqualByComparingTo(
            decimal(
                "SELECT sum(l.amount) " + SOURCE_LINES + " AND i.invoice_date > ?",
                org,
                AS_OF,
                AS_OF.minusDays(30)));
    assertThat(figures.get("invoice_count")).isEqualByComparingTo(invoices);
    assertThat(figures.get("active_supplier_count"))
        .isEqualByComparingTo(
            decimal(
                "SELECT count(DISTINCT supplier_id) FROM invoices WHERE organization_id = ?"
                    + " AND status <> 'void' AND invoice_date BETWEEN ? AND ?",
                org,
                AS_OF.minusDays(89),
                AS_OF));
    assertThat(figures.get("product_count"))
        .isEqualByComparingTo(
            decimal("SELECT count(DISTINCT l.product_id) " + SOURCE_LINES, org, AS_OF));
    assertThat(figures.get("average_invoice_amount"))
        .isEqualByComparingTo(spend.divide(invoices, 2, RoundingMode.HALF_UP));
    // The latest two purchases of each product from each supplier, compared.
    assertThat(figures.get("price_alert_count"))
        .isPositive()
        .isEqualByComparingTo(
            decimal(
                """
                SELECT count(*) FROM (
                  SELECT max(unit_price) FILTER (WHERE n = 1) AS latest,
                         max(unit_price) FILTER (WHERE n = 2) AS previous
                  FROM (SELECT l.product_id, i.supplier_id, l.unit_price,
                               row_number() OVER (PARTITION BY l.product_id, i.supplier_id
                                 ORDER BY i.invoice_date DESC, i.created_at DESC, l.id DESC) AS n
                """
                    + SOURCE_LINES
                    + """
                          ) r
                      GROUP BY product_id, supplier_id
                    ) p
                    WHERE previous > 0 AND abs(round(latest / previous - 1, 4)) > 0.10
                    """,
                org,
                AS_OF));
  }

  @Test
  void computeFunctionsReturnTheColumnsOfTheirTable() throws SQLException {
    for (String table : TABLES) {
      List<String> tableColumns =
          strings(
              """
              SELECT a.attname || ' ' || format_type(a.atttypid, NULL)
              FROM pg_attribute a
              WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
                AND a.attname NOT IN ('organization_id', 'version', 'refreshed_at')
              ORDER BY a.attnum
              """,
              table);
      List<String> functionColumns =
          strings(
              """
              SELECT c.name || ' ' || format_type(c.type, NULL)
              FROM pg_proc p
              CROSS JOIN LATERAL unnest(p.proargnames, p.proallargtypes, p.proargmodes)
                   WITH ORDINALITY AS c(name, type, mode, n)
              WHERE p.proname = 'analytics_compute_' || ? AND c.mode = 't'
              ORDER BY c.n
              """,
              table);

      assertThat(functionColumns)
          .as("columns of analytics_compute_%s", table)
          .isEqualTo(tableColumns);
    }
  }

  @Test
  void computeFunctionsReturnTheRowsTheRefreshWrote() throws SQLException {
    UUID org = active.get(0);
    computation.recompute(c, org, 1, AT, AS_OF);

    for (String table : TABLES) {
      String columns =
          String.join(
              ", ",
              strings(
                  """
                  SELECT attname FROM pg_attribute
                  WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped
                    AND attname NOT IN ('organization_id', 'version', 'refreshed_at')
                  ORDER BY attnum
                  """,
                  table));
      String stored = "SELECT " + columns + " FROM " + table + " WHERE organization_id = ?";
      String computed = "SELECT * FROM analytics_compute_" + table + "(?, ?)";

      assertThat(number("SELECT count(*) FROM (" + stored + ") s", org))
          .as("rows of %s", table)
          .isPositive()
          .isEqualTo(number("SELECT count(*) FROM (" + computed + ") s", org, AS_OF));
      assertThat(
              number(
                  "SELECT count(*) FROM (" + computed + " EXCEPT ALL " + stored + ") d",
                  org,
                  AS_OF,
                  org))
          .as("computed rows of %s that were not stored", table)
          .isZero();
    }
  }

  @Test
  void recomputingWithTheNextVersionReplacesTheRowsAndLeavesOtherOrganizationsAlone()
      throws SQLException {
    UUID org = active.get(0);
    UUID other = active.get(1);
    long first = computation.recompute(c, org, 1, AT, AS_OF);
    computation.recompute(c, other, 1, AT, AS_OF);
    c.commit();
    Map<String, String> otherBefore = fingerprints(other);

    long second = computation.recompute(c, org, 2, AT.plusSeconds(86_400), AS_OF);
    c.commit();

    assertThat(second).isEqualTo(first);
    for (String table : TABLES) {
      assertThat(number("SELECT count(*) FROM " + table + " WHERE organization_id = ?", org))
          .as("rows of %s", table)
          .isEqualTo(
              number(
                  "SELECT count(*) FROM " + table + " WHERE organization_id = ? AND version = 2",
                  org));
    }
    assertThat(number("SELECT version FROM analytics_snapshots WHERE organization_id = ?", org))
        .isEqualTo(2);
    assertThat(fingerprints(other)).isEqualTo(otherBefore);
    assertThat(computation.validate(c, org)).isEmpty();
  }

  @Test
  void olderVersionIsRefused() throws SQLException {
    UUID org = active.get(0);
    computation.recompute(c, org, 2, AT, AS_OF);
    c.commit();

    assertThatThrownBy(() -> computation.recompute(c, org, 1, AT, AS_OF))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22023");
  }

  @Test
  void organizationWithoutInvoicesGetsZerosAndIsValid() throws SQLException {
    UUID org = UUID.fromString("00000000-0000-4000-8000-0000000000e1");
    update("INSERT INTO organizations (id, name) VALUES (?, 'Empty')", org);

    long written = computation.recompute(c, org, 1, AT, AS_OF);

    assertThat(written).as("the dashboard and efficiency rows").isEqualTo(2);
    assertThat(computation.keyFigures(c, org).values())
        .allSatisfy(v -> assertThat(v).isEqualByComparingTo(BigDecimal.ZERO));
    assertThat(computation.validate(c, org)).isEmpty();
  }

  @Test
  void unrefreshedOrganizationHasAnIntegrityViolation() throws SQLException {
    assertThat(computation.validate(c, active.get(0)))
        .extracting(Violation::kind, Violation::rule)
        .containsExactly(tuple(Violation.INTEGRITY, "snapshot-missing"));
  }

  /** One hash per table over the organization's rows, to see whether any of them changed. */
  private Map<String, String> fingerprints(UUID org) throws SQLException {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (String table : TABLES) {
      fingerprints.put(
          table,
          strings(
                  "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM "
                      + table
                      + " t WHERE organization_id = ?",
                  org)
              .get(0));
    }
    return fingerprints;
  }

  private void update(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(sql, parameters)) {
      statement.executeUpdate();
    }
  }

  private List<UUID> ids(String sql, Object... parameters) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (PreparedStatement statement = prepare(sql, parameters);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  private List<String> strings(String sql, Object... parameters) throws SQLException {
    List<String> strings = new ArrayList<>();
    try (PreparedStatement statement = prepare(sql, parameters);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        strings.add(rs.getString(1));
      }
    }
    return strings;
  }

  private long number(String sql, Object... parameters) throws SQLException {
    return decimal(sql, parameters).longValueExact();
  }

  private BigDecimal decimal(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(sql, parameters);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getBigDecimal(1);
    }
  }

  private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }
}
