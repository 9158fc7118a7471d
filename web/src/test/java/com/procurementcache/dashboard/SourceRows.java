package com.procurementcache.dashboard;

import com.procurementcache.it.Sql;
import com.procurementcache.it.TestEnvironment;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;

/** Source data that other systems write for an organization, as the dashboard tests need it. */
final class SourceRows {

  private SourceRows() {}

  /**
   * Adds a paid invoice of one line, dated yesterday, from the organization's first supplier for
   * its first product (at that product's usual price, so no price alert comes of it).
   */
  static void addPaidInvoice(UUID organization, BigDecimal amount) throws SQLException {
    BigDecimal unitPrice = new BigDecimal("2.00");
    BigDecimal quantity = amount.divide(unitPrice);
    UUID invoice = UUID.randomUUID();
    try (Connection c = TestEnvironment.database().connect()) {
      c.setAutoCommit(false);
      UUID supplier = first(c, "suppliers", organization);
      UUID location = first(c, "locations", organization);
      UUID product = first(c, "products", organization);
      Sql.update(
          c,
          "INSERT INTO invoices (id, organization_id, supplier_id, location_id, invoice_number,"
              + " invoice_date, status, total_amount) VALUES (?, ?, ?, ?, ?, ?, 'paid', ?)",
          invoice,
          organization,
          supplier,
          location,
          "X-" + invoice.toString().substring(0, 8),
          LocalDate.now().minusDays(1),
          amount);
      Sql.update(
          c,
          "INSERT INTO invoice_lines (invoice_id, organization_id, line_number, product_id,"
              + " quantity, unit_price, amount) VALUES (?, ?, 1, ?, ?, ?, ?)",
          invoice,
          organization,
          product,
          quantity,
          unitPrice,
          amount);
      c.commit();
    }
  }

  private static UUID first(Connection c, String table, UUID organization) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id FROM " + table + " WHERE organization_id = ? ORDER BY name LIMIT 1")) {
      s.setObject(1, organization);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }
}
