package com.procurementcache.it;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An organization of one test class, with source rows of its own in the suite's database: {@value
 * #SUPPLIERS} suppliers, {@value #LOCATIONS} locations, {@value #PRODUCTS} products and {@value
 * #INVOICES} invoices of {@value #LINES_PER_INVOICE} lines over the last months, every id random.
 * The rows follow a fixed pattern (every status, every product bought, prices that move enough for
 * price alerts), so a test knows the figures they must give without asking the code under test.
 *
 * <p>Everything is written in one transaction: a refresh running meanwhile sees all of it or none.
 */
public final class TestOrganization {

  public static final int SUPPLIERS = 3;
  public static final int LOCATIONS = 2;
  public static final int PRODUCTS = 8;
  public static final int INVOICES = 12;
  public static final int LINES_PER_INVOICE = 3;

  private static final List<String> PRODUCT_NAMES =
      List.of("Apples", "Butter", "Carrots", "Dill", "Eggs", "Flour", "Garlic", "Honey");
  private static final List<String> CATEGORIES = List.of("produce", "dairy", "dry goods");
  private static final List<String> STATUSES =
      List.of("paid", "approved", "paid", "draft", "paid", "void");
  // Invoice i pays its products' base price times PRICE_MOVES[i % 4]: moves of up to 30 %.
  private static final List<BigDecimal> PRICE_MOVES =
      List.of(
          new BigDecimal("1.00"),
          new BigDecimal("1.15"),
          new BigDecimal("0.97"),
          new BigDecimal("1.30"));

  /** An invoice of the organization, with the sum of its lines. */
  public record Invoice(UUID id, LocalDate date, String status, BigDecimal spend) {

    /** Whether it counts as spend: every status but void. */
    public boolean counted() {
      return !"void".equals(status);
    }
  }

  private final UUID id;
  private final boolean active;
  private final List<Invoice> invoices;

  private TestOrganization(UUID id, boolean active, List<Invoice> invoices) {
    this.id = id;
    this.active = active;
    this.invoices = List.copyOf(invoices);
  }

  /** A new active organization with its source rows: refresh runs take it. */
  public static TestOrganization active(String name) throws SQLException {
    return create(name, true);
  }

  /** A new inactive organization with its source rows: refresh runs leave it out. */
  public static TestOrganization inactive(String name) throws SQLException {
    return create(name, false);
  }

  public UUID id() {
    return id;
  }

  public boolean isActive() {
    return active;
  }

  /** Newest first; all dated between 3 and 80 days ago. */
  public List<Invoice> invoices() {
    return invoices;
  }

  /** The sum of the lines of every invoice that is not void. */
  public BigDecimal countedSpend() {
    return invoices.stream()
        .filter(Invoice::counted)
        .map(Invoice::spend)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  public long countedInvoices() {
    return invoices.stream().filter(Invoice::counted).count();
  }

  /** Invoices not paid yet: draft or approved. */
  public long openInvoices() {
    return invoices.stream()
        .filter(i -> "draft".equals(i.status()) || "approved".equals(i.status()))
        .count();
  }

  @Override
  public String toString() {
    return (active ? "active" : "inactive") + " organization " + id;
  }

  private static TestOrganization create(String name, boolean active) throws SQLException {
    UUID id = UUID.randomUUID();
    List<UUID> suppliers = randomIds(SUPPLIERS);
    List<UUID> locations = randomIds(LOCATIONS);
    List<UUID> products = randomIds(PRODUCTS);
    List<Invoice> invoices = new ArrayList<>();
    try (Connection c = TestEnvironment.database().connect()) {
      c.setAutoCommit(false);
      insertOne(
          c,
          "INSERT INTO organizations (id, name, status) VALUES (?, ?, ?)",
          id,
          name,
          active ? "active" : "inactive");
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO suppliers (id, organization_id, name, email) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < SUPPLIERS; i++) {
          add(
              s,
              suppliers.get(i),
              id,
              "Supplier " + (char) ('A' + i),
              "orders" + i + "@example.com");
        }
        s.executeBatch();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO locations (id, organization_id, name, city) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < LOCATIONS; i++) {
          add(s, locations.get(i), id, "Kitchen " + (i + 1), "Aarhus");
        }
        s.executeBatch();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO products (id, organization_id, name, category, unit)"
                  + " VALUES (?, ?, ?, ?, 'kg')")) {
        for (int p = 0; p < PRODUCTS; p++) {
          add(s, products.get(p), id, PRODUCT_NAMES.get(p), CATEGORIES.get(p % CATEGORIES.size()));
        }
        s.executeBatch();
      }
      try (PreparedStatement header =
              c.prepareStatement(
                  "INSERT INTO invoices (id, organization_id, supplier_id, location_id,"
                      + " invoice_number, invoice_date, status, total_amount)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement lines =
              c.prepareStatement(
                  "INSERT INTO invoice_lines (invoice_id, organization_id, line_number,"
                      + " product_id, quantity, unit_price, amount)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        LocalDate today = LocalDate.now();
        for (int i = 0; i < INVOICES; i++) {
          UUID invoice = UUID.randomUUID();
          BigDecimal spend = BigDecimal.ZERO;
          for (int k = 0; k < LINES_PER_INVOICE; k++) {
            int product = (LINES_PER_INVOICE * i + k) % PRODUCTS;
            BigDecimal quantity = BigDecimal.valueOf(1 + k + i % 4);
            BigDecimal unitPrice =
                new BigDecimal("2.00")
                    .add(new BigDecimal("1.25").multiply(BigDecimal.valueOf(product)))
                    .multiply(PRICE_MOVES.get(i % PRICE_MOVES.size()))
                    .setScale(4, RoundingMode.HALF_UP);
            BigDecimal amount = quantity.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
            spend = spend.add(amount);
            add(lines, invoice, id, k + 1, products.get(product), quantity, unitPrice, amount);
          }
          LocalDate date = today.minusDays(3 + 7L * i);
          String status = STATUSES.get(i % STATUSES.size());
          add(
              header,
              invoice,
              id,
              suppliers.get(i % SUPPLIERS),
              locations.get(i % LOCATIONS),
              "T-" + (i + 1),
              date,
              status,
              spend);
          invoices.add(new Invoice(invoice, date, status, spend));
        }
        header.executeBatch();
        lines.executeBatch();
      }
      c.commit();
    }
    return new TestOrganization(id, active, invoices);
  }

  private static List<UUID> randomIds(int count) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(UUID.randomUUID());
    }
    return ids;
  }

  private static void insertOne(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    }
  }

  private static void add(PreparedStatement s, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      s.setObject(i + 1, values[i]);
    }
    s.addBatch();
  }
}
