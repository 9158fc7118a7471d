package com.procurementcache.demo.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.schema.control.SchemaMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The small data set, generated once into a database of this class, checked as the refresh will.
 */
class GeneratedDataIT {

  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
  static final long SEED = 42;

  private static final List<DatabaseTarget> created = new ArrayList<>();
  private static DatabaseTarget small;

  @BeforeAll
  static void generateSmall() throws Exception {
    small = generated("small", SEED);
  }

  @AfterAll
  static void dropAll() throws SQLException {
    for (DatabaseTarget target : created) {
      new DatabaseProvisioner(target).drop();
    }
  }

  static DatabaseTarget migrated() throws SQLException {
    DatabaseTarget target = ScratchTarget.random("pc_it_gen");
    created.add(target);
    new DatabaseProvisioner(target).ensureExists();
    new SchemaMigrations(target.dataSource()).migrate();
    return target;
  }

  static DatabaseTarget generated(String scale, long seed) throws SQLException {
    DatabaseTarget target = migrated();
    try (Connection c = target.connect()) {
      new DataGenerator().generate(c, scale, seed, AS_OF);
    }
    return target;
  }

  static long count(DatabaseTarget target, String sql) throws SQLException {
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String fingerprint(DatabaseTarget target) throws SQLException {
    StringBuilder all = new StringBuilder();
    for (String table :
        List.of(
            "organizations", "locations", "suppliers", "products", "invoices", "invoice_lines")) {
      try (Connection c = target.connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT md5(string_agg(md5(t::text), '' ORDER BY t.id)) FROM " + table + " t")) {
        rs.next();
        all.append(table).append('=').append(rs.getString(1)).append(';');
      }
    }
    return all.toString();
  }

  @Test
  void smallScaleHasSeveralOrganizationsSomeInactive() throws SQLException {
    assertThat(count(small, "SELECT count(*) FROM organizations")).isBetween(3L, 10L);
    assertThat(count(small, "SELECT count(*) FROM organizations WHERE status = 'inactive'"))
        .isPositive();
    assertThat(count(small, "SELECT count(*) FROM invoice_lines")).isGreaterThan(1000);
  }

  @Test
  void invoiceTotalsEqualTheSumsOfTheirLines() throws SQLException {
    long mismatches =
        count(
            small,
            """
            SELECT count(*) FROM invoices i
            LEFT JOIN (SELECT invoice_id, sum(amount) AS total FROM invoice_lines GROUP BY invoice_id) l
                   ON l.invoice_id = i.id
            WHERE l.total IS DISTINCT FROM i.total_amount
            """);

    assertThat(mismatches).isZero();
  }

  @Test
  void everyForeignKeyHolds() throws SQLException {
    assertThat(
            count(
                small,
                """
                SELECT count(*) FROM invoice_lines l
                LEFT JOIN invoices i ON i.id = l.invoice_id AND i.organization_id = l.organization_id
                LEFT JOIN products p ON p.id = l.product_id AND p.organization_id = l.organization_id
                WHERE i.id IS NULL OR p.id IS NULL
                """))
        .isZero();
    assertThat(
            count(
                small,
                """
                SELECT count(*) FROM invoices i
                LEFT JOIN suppliers s ON s.id = i.supplier_id AND s.organization_id = i.organization_id
                LEFT JOIN locations l ON l.id = i.location_id AND l.organization_id = i.organization_id
                WHERE s.id IS NULL OR l.id IS NULL
                """))
        .isZero();
    // The generator may lift constraints while it loads: all must be back and validated.
    assertThat(count(small, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated")).isZero();
    assertThat(
            count(
                small,
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                    + " AND conrelid IN ('invoices'::regclass, 'invoice_lines'::regclass)"))
        .isEqualTo(5);
  }

  @Test
  void everyActiveOrganizationHasMasterDataAndInvoices() throws SQLException {
    assertThat(
            count(
                small,
                """
                SELECT count(*) FROM organizations o
                WHERE NOT EXISTS (SELECT 1 FROM locations WHERE organization_id = o.id)
                   OR NOT EXISTS (SELECT 1 FROM suppliers WHERE organization_id = o.id)
                   OR NOT EXISTS (SELECT 1 FROM products WHERE organization_id = o.id)
                   OR (o.status = 'active'
                       AND NOT EXISTS (SELECT 1 FROM invoices WHERE organization_id = o.id))
                """))
        .isZero();
  }

  @Test
  void pricesDriftEnoughForAlerts() throws SQLException {
    // Month-over-month average unit price changes above the 5 % change threshold must occur.
    long bigMoves =
        count(
            small,
            """
            WITH monthly AS (
              SELECT product_id, date_trunc('month', i.invoice_date) AS month, avg(unit_price) AS price
              FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
              GROUP BY 1, 2),
            moves AS (
              SELECT price / lag(price) OVER (PARTITION BY product_id ORDER BY month) - 1 AS change
              FROM monthly)
            SELECT count(*) FROM moves WHERE abs(change) > 0.05
            """);

    assertThat(bigMoves).isPositive();
  }

  @Test
  void sameSeedGivesTheSameRowsAndAnotherSeedOthers() throws SQLException {
    DatabaseTarget again = generated("small", SEED);
    DatabaseTarget other = generated("small", SEED + 1);

    assertThat(fingerprint(again)).isEqualTo(fingerprint(small));
    assertThat(fingerprint(other)).isNotEqualTo(fingerprint(small));
  }

  @Test
  void refusesToFillADatabaseThatHoldsData() throws SQLException {
    try (Connection c = small.connect()) {
      assertThatThrownBy(() -> new DataGenerator().generate(c, "small", SEED, AS_OF))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("not empty");
    }
  }

  @Test
  void unknownScaleIsRefusedBeforeAnythingRuns() throws SQLException {
    DatabaseTarget empty = migrated();
    try (Connection c = empty.connect()) {
      assertThatThrownBy(() -> new DataGenerator().generate(c, "huge", SEED, AS_OF))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("small, demo, bench");
      assertThat(new DataGenerator().isEmpty(c)).isTrue();
    }
  }
}
