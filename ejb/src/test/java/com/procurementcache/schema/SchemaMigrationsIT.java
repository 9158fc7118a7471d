package com.procurementcache.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.schema.control.SchemaMigrations;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class SchemaMigrationsIT {

  /** The last versioned migration of the release before the functions moved to sql/functions. */
  private static final String PREVIOUS_RELEASE = "7";

  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

  private ScratchDatabase database;

  @BeforeEach
  void createEmptyDatabase() throws SQLException {
    database = ScratchDatabase.create("pc_it_schema");
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    database.close();
  }

  @Test
  void migrationsApplyToAnEmptyDatabase() throws SQLException {
    SchemaMigrations migrations = new SchemaMigrations(database.dataSource());
    assertThat(migrations.status().upToDate()).isFalse();

    int applied = migrations.migrate();

    assertThat(applied).isGreaterThanOrEqualTo(3);
    assertThat(migrations.status().upToDate()).isTrue();
    assertThat(migrations.status().pending()).isZero();
    assertThat(tables())
        .contains(
            "organizations",
            "locations",
            "suppliers",
            "products",
            "invoices",
            "invoice_lines",
            "user_preferences",
            "analytics_snapshots",
            "dashboard_metrics",
            "product_metrics",
            "cogs_analysis",
            "supplier_metrics",
            "invoice_analytics",
            "price_alerts",
            "efficiency_metrics",
            "refresh_runs",
            "refresh_outcomes",
            "cache_invalidation_log",
            "webhook_deliveries",
            "webhook_delivery_attempts");
  }

  @Test
  void secondMigrationAppliesNothing() {
    SchemaMigrations migrations = new SchemaMigrations(database.dataSource());
    migrations.migrate();

    assertThat(migrations.migrate()).isZero();
  }

  @Test
  void invalidationLogNotifiesListeners() throws SQLException {
    new SchemaMigrations(database.dataSource()).migrate();
    try (Connection listener = database.connect();
        Connection writer = database.connect();
        Statement listen = listener.createStatement();
        Statement write = writer.createStatement()) {
      listen.execute("LISTEN nightly_update_complete");
      // A new organization is its first change (a write to the source tables): the plan's
      // channel still tells of every change.
      write.execute(
          "INSERT INTO organizations (id, name) VALUES ('0b6c3c1e-0000-4000-8000-000000000001', 'A')");

      PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);

      assertThat(notifications).hasSize(1);
      assertThat(notifications[0].getName()).isEqualTo("nightly_update_complete");
      assertThat(notifications[0].getParameter())
          .contains("0b6c3c1e-0000-4000-8000-000000000001")
          .contains("data_change");
    }
  }

  @Test
  void invoiceCannotUseAnotherOrganizationsSupplier() throws SQLException {
    new SchemaMigrations(database.dataSource()).migrate();
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          INSERT INTO organizations (id, name) VALUES
            ('00000000-0000-4000-8000-00000000000a', 'A'),
            ('00000000-0000-4000-8000-00000000000b', 'B');
          INSERT INTO locations (id, organization_id, name) VALUES
            ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-00000000000a', 'A kitchen');
          INSERT INTO suppliers (id, organization_id, name) VALUES
            ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-00000000000b', 'B supplier');
          """);

      assertThatThrownBy(
              () ->
                  s.execute(
                      """
                      INSERT INTO invoices (id, organization_id, supplier_id, location_id,
                                            invoice_number, invoice_date, status, total_amount)
                      VALUES ('00000000-0000-4000-8000-0000000000f1',
                              '00000000-0000-4000-8000-00000000000a',
                              '00000000-0000-4000-8000-0000000000b1',
                              '00000000-0000-4000-8000-0000000000a1',
                              'INV-1', DATE '2026-01-01', 'paid', 10.00)
                      """))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("23503");
    }
  }

  @Test
  void schemaOfThePreviousReleaseUpgradesAndItsFunctionsWork() throws SQLException {
    // As the previous release migrated: the versioned scripts only, up to its last one.
    Flyway.configure(SchemaMigrations.class.getClassLoader())
        .dataSource(database.dataSource())
        .locations("classpath:db/migration")
        .target(PREVIOUS_RELEASE)
        .load()
        .migrate();
    assertThat(functions(database)).doesNotContainKey("analytics_source_fingerprint");
    database.generate(AS_OF);

    SchemaMigrations migrations = new SchemaMigrations(database.dataSource());
    assertThat(migrations.migrate()).isPositive();

    assertThat(migrations.status().upToDate()).isTrue();
    try (ScratchDatabase fresh = ScratchDatabase.createMigrated("pc_it_schema_fresh")) {
      assertThat(functions(database))
          .as("every function as a database migrated from scratch has it")
          .isEqualTo(functions(fresh));
    }
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      String org = "(SELECT id FROM organizations WHERE status = 'active' ORDER BY id LIMIT 1)";
      String asOf = "DATE '" + AS_OF + "'";
      assertThat(
              number(
                  s, "SELECT analytics_refresh_organization(" + org + ", 1, now(), " + asOf + ")"))
          .isPositive();
      assertThat(number(s, "SELECT count(*) FROM analytics_validate_organization(" + org + ")"))
          .isZero();
      // The spend lines of the organization, counted without the functions under test.
      assertThat(
              decimal(
                  s,
                  "SELECT sum(l.amount) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
                      + " WHERE i.organization_id = "
                      + org
                      + " AND i.status <> 'void' AND i.invoice_date <= "
                      + asOf))
          .isPositive()
          .isEqualByComparingTo(
              decimal(
                  s,
                  "SELECT value FROM analytics_key_figures("
                      + org
                      + ") WHERE figure = 'total_spend'"));
      assertThat(decimal(s, "SELECT length(analytics_source_fingerprint(" + org + "))"))
          .isEqualByComparingTo("32");
      c.rollback();
    }
  }

  /** Name and full definition of each function in the public schema. */
  private static Map<String, String> functions(ScratchDatabase database) throws SQLException {
    Map<String, String> functions = new TreeMap<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p"
                    + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'")) {
      while (rs.next()) {
        functions.put(rs.getString(1), rs.getString(2));
      }
    }
    return functions;
  }

  private static long number(Statement s, String query) throws SQLException {
    try (ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static BigDecimal decimal(Statement s, String query) throws SQLException {
    try (ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getBigDecimal(1);
    }
  }

  private List<String> tables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }
}
