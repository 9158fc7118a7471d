package com.procurementcache.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An organization of a test's own whose purchases are written out by hand, with the figures they
 * must give worked out here in Java from the lines themselves: an oracle that shares nothing with
 * the SQL functions under test. Every id is random, so it can be added to any database.
 */
final class KnownPurchases {

  /** One purchase: a line of an invoice. */
  record Line(String product, BigDecimal quantity, BigDecimal unitPrice) {

    /** As the source system books it: quantity times price, in cents. */
    BigDecimal amount() {
      return quantity.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
    }
  }

  /** An invoice as the procurement platform writes it. */
  record Invoice(
      UUID id,
      String number,
      String supplier,
      String location,
      LocalDate date,
      String status,
      List<Line> lines) {

    /** Void invoices were never a commitment to pay; invoices after the as-of do not exist yet. */
    boolean countedAsOf(LocalDate asOf) {
      return !"void".equals(status) && !date.isAfter(asOf);
    }

    BigDecimal spend() {
      return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  static Line line(String product, String quantity, String unitPrice) {
    return new Line(product, new BigDecimal(quantity), new BigDecimal(unitPrice));
  }

  final UUID id = UUID.randomUUID();
  private final Map<String, UUID> suppliers = new LinkedHashMap<>();
  private final Map<String, UUID> locations = new LinkedHashMap<>();
  private final Map<String, UUID> products = new LinkedHashMap<>();
  private final List<Invoice> invoices = new ArrayList<>();

  /** Adds an invoice (in insertion order, which breaks ties between purchases of one date). */
  KnownPurchases invoice(
      String supplier, String location, LocalDate date, String status, Line... lines) {
    suppliers.computeIfAbsent(supplier, s -> UUID.randomUUID());
    locations.computeIfAbsent(location, l -> UUID.randomUUID());
    for (Line line : lines) {
      products.computeIfAbsent(line.product(), p -> UUID.randomUUID());
    }
    invoices.add(
        new Invoice(
            UUID.randomUUID(),
            "K-" + (invoices.size() + 1),
            supplier,
            location,
            date,
            status,
            List.of(lines)));
    return this;
  }

  /** Writes the organization and its source rows on {@code c} (the caller commits). */
  void insert(Connection c) throws SQLException {
    execute(c, "INSERT INTO organizations (id, name) VALUES (?, 'Known purchases')", id);
    for (var supplier : suppliers.entrySet()) {
      execute(
          c,
          "INSERT INTO suppliers (id, organization_id, name) VALUES (?, ?, ?)",
          supplier.getValue(),
          id,
          supplier.getKey());
    }
    for (var location : locations.entrySet()) {
      execute(
          c,
          "INSERT INTO locations (id, organization_id, name) VALUES (?, ?, ?)",
          location.getValue(),
          id,
          location.getKey());
    }
    for (var product : products.entrySet()) {
      execute(
          c,
          "INSERT INTO products (id, organization_id, name, category, unit)"
              + " VALUES (?, ?, ?, 'groceries', 'kg')",
          product.getValue(),
          id,
          product.getKey());
    }
    for (Invoice invoice : invoices) {
      execute(
          c,
          "INSERT INTO invoices (id, organization_id, supplier_id, location_id, invoice_number,"
              + " invoice_date, status, total_amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          invoice.id(),
          id,
          suppliers.get(invoice.supplier()),
          locations.get(invoice.location()),
          invoice.number(),
          invoice.date(),
          invoice.status(),
          invoice.spend());
      int number = 1;
      for (Line line : invoice.lines()) {
        execute(
            c,
            "INSERT INTO invoice_lines (invoice_id, organization_id, line_number, product_id,"
                + " quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?, ?)",
            invoice.id(),
            id,
            number++,
            products.get(line.product()),
            line.quantity(),
            line.unitPrice(),
            line.amount());
      }
    }
  }

  List<Invoice> counted(LocalDate asOf) {
    return invoices.stream().filter(i -> i.countedAsOf(asOf)).toList();
  }

  /** Spend of the counted invoices dated in {@code window}. */
  BigDecimal spend(LocalDate asOf, Predicate<LocalDate> window) {
    return counted(asOf).stream()
        .filter(i -> window.test(i.date()))
        .map(Invoice::spend)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Invoices dated up to the as-of that are not paid yet (draft or approved). */
  long openInvoices(LocalDate asOf) {
    return invoices.stream()
        .filter(i -> !i.date().isAfter(asOf))
        .filter(i -> "draft".equals(i.status()) || "approved".equals(i.status()))
        .count();
  }

  long locationsWithInvoices(LocalDate asOf) {
    return counted(asOf).stream().map(Invoice::location).distinct().count();
  }

  /**
   * The key figures as the documentation of the refresh defines them, in their order: spend, spend
   * of the last 30 days (as-of included), counted invoices, suppliers with a counted invoice in the
   * last 90 days, products bought, the mean invoice, and the price alerts (a product and supplier
   * whose latest price moved more than 10 % against the previous one).
   */
  Map<String, BigDecimal> keyFigures(LocalDate asOf) {
    List<Invoice> counted = counted(asOf);
    BigDecimal total = spend(asOf, d -> true);
    long invoiceCount = counted.size();
    Map<String, BigDecimal> figures = new LinkedHashMap<>();
    figures.put("total_spend", total);
    figures.put("spend_last_30_days", spend(asOf, d -> d.isAfter(asOf.minusDays(30))));
    figures.put("invoice_count", BigDecimal.valueOf(invoiceCount));
    figures.put(
        "active_supplier_count",
        BigDecimal.valueOf(
            counted.stream()
                .filter(i -> i.date().isAfter(asOf.minusDays(90)))
                .map(Invoice::supplier)
                .distinct()
                .count()));
    figures.put(
        "product_count",
        BigDecimal.valueOf(
            counted.stream()
                .flatMap(i -> i.lines().stream())
                .map(Line::product)
                .distinct()
                .count()));
    figures.put(
        "average_invoice_amount",
        invoiceCount == 0
            ? BigDecimal.ZERO
            : total.divide(BigDecimal.valueOf(invoiceCount), 2, RoundingMode.HALF_UP));
    figures.put("price_alert_count", BigDecimal.valueOf(priceAlerts(asOf)));
    return figures;
  }

  private long priceAlerts(LocalDate asOf) {
    record Purchase(String product, String supplier, LocalDate date, int order, BigDecimal price) {}
    List<Purchase> purchases = new ArrayList<>();
    int order = 0;
    for (Invoice invoice : counted(asOf)) {
      for (Line line : invoice.lines()) {
        purchases.add(
            new Purchase(
                line.product(), invoice.supplier(), invoice.date(), order++, line.unitPrice()));
      }
    }
    Comparator<Purchase> latestFirst =
        Comparator.comparing(Purchase::date).thenComparing(Purchase::order).reversed();
    return purchases.stream()
        .collect(Collectors.groupingBy(p -> p.product() + "/" + p.supplier()))
        .values()
        .stream()
        .map(group -> group.stream().sorted(latestFirst).limit(2).toList())
        .filter(latest -> latest.size() == 2 && latest.get(1).price().signum() > 0)
        .map(
            latest ->
                latest
                    .get(0)
                    .price()
                    .divide(latest.get(1).price(), 4, RoundingMode.HALF_UP)
                    .subtract(BigDecimal.ONE)
                    .abs())
        .filter(change -> change.compareTo(new BigDecimal("0.10")) > 0)
        .count();
  }

  private static void execute(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, Objects.requireNonNull(parameters[i], sql));
      }
      statement.executeUpdate();
    }
  }
}
