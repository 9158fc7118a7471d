package com.procurementcache.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.schema.control.SchemaMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class SchemaMigrationsIT {

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
      write.execute(
          "INSERT INTO organizations (id, name) VALUES ('0b6c3c1e-0000-4000-8000-000000000001', 'A')");
      write.execute(
          "INSERT INTO cache_invalidation_log (organization_id, update_type)"
              + " VALUES ('0b6c3c1e-0000-4000-8000-000000000001', 'nightly_refresh')");

      PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);

      assertThat(notifications).hasSize(1);
      assertThat(notifications[0].getName()).isEqualTo("nightly_update_complete");
      assertThat(notifications[0].getParameter())
          .contains("0b6c3c1e-0000-4000-8000-000000000001")
          .contains("nightly_refresh");
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
