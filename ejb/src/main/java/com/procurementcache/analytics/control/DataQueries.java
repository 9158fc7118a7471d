package com.procurementcache.analytics.control;

import com.procurementcache.analytics.entity.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query of every data type: which rows, which JSON, which orders (camelCase field names). A
 * nightly type's rows come either from its analytics table (the published snapshot) or, computed
 * now, from its compute function over the source tables ({@code analytics_compute_<table>}, the
 * function the refresh writes the table with); both give the same JSON.
 */
final class DataQueries {

  private static final String ORG = "(SELECT id FROM param)";

  /** The as-of date of a computation from the source: the statement's second parameter. */
  private static final String AS_OF = "CAST(? AS date)";

  private DataQueries() {}

  /** The published data of {@code type} (nightly types from the analytics tables). */
  static ListingQuery of(DataType type) {
    return query(type, false);
  }

  /**
   * The data of {@code type} computed from the source tables as of a date (the statement's second
   * parameter); master data is read from its tables either way.
   */
  static ListingQuery computed(DataType type) {
    return query(type, true);
  }

  private static ListingQuery query(DataType type, boolean computed) {
    return switch (type) {
      case DASHBOARD_METRICS ->
          nightly(
              computed,
              "FROM " + rows("dashboard_metrics", "d", computed) + where("d", computed),
              """
              jsonb_build_object('totalSpend', d.total_spend,
                'spendLast30Days', d.spend_last_30_days,
                'spendPrevious30Days', d.spend_previous_30_days,
                'invoiceCount', d.invoice_count, 'openInvoiceCount', d.open_invoice_count,
                'activeSupplierCount', d.active_supplier_count, 'productCount', d.product_count,
                'locationCount', d.location_count,
                'averageInvoiceAmount', d.average_invoice_amount)""",
              // one row: any order will do (the computed rows have no organization_id)
              computed ? "1" : "d.organization_id",
              computed ? "1" : "d.organization_id",
              Map.of());
      case PRODUCT_METRICS ->
          nightly(
              computed,
              "FROM "
                  + rows("product_metrics", "m", computed)
                  + " JOIN products p ON p.id = m.product_id"
                  + where("m", computed),
              """
              jsonb_build_object('productId', m.product_id, 'productName', p.name,
                'category', p.category, 'unit', p.unit, 'totalQuantity', m.total_quantity,
                'totalSpend', m.total_spend, 'purchaseCount', m.purchase_count,
                'averageUnitPrice', m.average_unit_price, 'minUnitPrice', m.min_unit_price,
                'maxUnitPrice', m.max_unit_price, 'lastUnitPrice', m.last_unit_price,
                'priceChangeRatio', m.price_change_ratio,
                'lastPurchasedOn', m.last_purchased_on)""",
              "m.total_spend DESC",
              "m.product_id",
              fields(
                  "totalSpend", "m.total_spend",
                  "totalQuantity", "m.total_quantity",
                  "purchaseCount", "m.purchase_count",
                  "averageUnitPrice", "m.average_unit_price",
                  "priceChangeRatio", "m.price_change_ratio",
                  "lastPurchasedOn", "m.last_purchased_on",
                  "productName", "p.name",
                  "category", "p.category"));
      case COGS_ANALYSIS ->
          nightly(
              computed,
              "FROM "
                  + rows("cogs_analysis", "c", computed)
                  + " JOIN locations l ON l.id = c.location_id"
                  + where("c", computed),
              """
              jsonb_build_object('locationId', c.location_id, 'locationName', l.name,
                'category', c.category, 'month', c.month, 'spend', c.spend,
                'quantity', c.quantity, 'lineCount', c.line_count)""",
              "c.month, l.name, c.category",
              "c.location_id, c.category, c.month",
              Map.of());
      case SUPPLIER_METRICS ->
          nightly(
              computed,
              "FROM "
                  + rows("supplier_metrics", "m", computed)
                  + " JOIN suppliers s ON s.id = m.supplier_id"
                  + where("m", computed),
              """
              jsonb_build_object('supplierId', m.supplier_id, 'supplierName', s.name,
                'totalSpend', m.total_spend, 'invoiceCount', m.invoice_count,
                'productCount', m.product_count,
                'averageInvoiceAmount', m.average_invoice_amount,
                'spendShare', m.spend_share, 'firstInvoiceOn', m.first_invoice_on,
                'lastInvoiceOn', m.last_invoice_on)""",
              "m.total_spend DESC",
              "m.supplier_id",
              Map.of());
      case INVOICE_ANALYTICS ->
          nightly(
              computed,
              "FROM " + rows("invoice_analytics", "i", computed) + where("i", computed),
              """
              jsonb_build_object('month', i.month, 'invoiceCount', i.invoice_count,
                'lineCount', i.line_count, 'totalAmount', i.total_amount,
                'averageAmount', i.average_amount, 'draftCount', i.draft_count,
                'approvedCount', i.approved_count, 'paidCount', i.paid_count,
                'voidCount', i.void_count)""",
              "i.month",
              "i.month",
              Map.of());
      case PRICE_ALERTS ->
          nightly(
              computed,
              "FROM "
                  + rows("price_alerts", "a", computed)
                  + " JOIN products p ON p.id = a.product_id"
                  + " JOIN suppliers s ON s.id = a.supplier_id"
                  + where("a", computed),
              """
              jsonb_build_object('productId', a.product_id, 'productName', p.name,
                'supplierId', a.supplier_id, 'supplierName', s.name,
                'previousUnitPrice', a.previous_unit_price,
                'currentUnitPrice', a.current_unit_price, 'changeRatio', a.change_ratio,
                'detectedOn', a.detected_on, 'severity', a.severity)""",
              "a.detected_on DESC",
              "a.product_id, a.supplier_id",
              fields(
                  "detectedOn", "a.detected_on",
                  "changeRatio", "a.change_ratio",
                  "severity", "CASE a.severity WHEN 'info' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END",
                  "currentUnitPrice", "a.current_unit_price",
                  "productName", "p.name",
                  "supplierName", "s.name"));
      case EFFICIENCY_METRICS ->
          nightly(
              computed,
              "FROM " + rows("efficiency_metrics", "e", computed) + where("e", computed),
              """
              jsonb_build_object('averageLinesPerInvoice', e.average_lines_per_invoice,
                'topThreeSupplierShare', e.top_three_supplier_share,
                'priceVolatility', e.price_volatility,
                'voidInvoiceRatio', e.void_invoice_ratio,
                'averageDaysBetweenOrders', e.average_days_between_orders)""",
              computed ? "1" : "e.organization_id",
              computed ? "1" : "e.organization_id",
              Map.of());
      case SUPPLIERS -> masterData("suppliers", "'email', t.email");
      case LOCATIONS -> masterData("locations", "'city', t.city");
      case USER_PREFERENCES ->
          throw new IllegalArgumentException("preferences are read per user, not per organization");
    };
  }

  /** The analytics table, or its compute function's rows for the organization as of the date. */
  private static String rows(String table, String alias, boolean computed) {
    return computed
        ? "analytics_compute_" + table + "(" + ORG + ", " + AS_OF + ") " + alias
        : table + " " + alias;
  }

  /** The analytics tables hold every organization; a compute function's rows are its own. */
  private static String where(String alias, boolean computed) {
    return computed ? "" : " WHERE " + alias + ".organization_id = " + ORG;
  }

  private static ListingQuery nightly(
      boolean computed,
      String from,
      String item,
      String natural,
      String tiebreak,
      Map<String, String> sortable) {
    return computed
        ? ListingQuery.computed(from, item, natural, tiebreak, sortable)
        : ListingQuery.nightly(from, item, natural, tiebreak, sortable);
  }

  private static ListingQuery masterData(String table, String extraField) {
    return new ListingQuery(
        "FROM " + table + " t WHERE t.organization_id = " + ORG,
        "jsonb_build_object('id', t.id, 'name', t.name, " + extraField + ")",
        "t.name",
        "t.id",
        Map.of(),
        "CAST(NULL AS bigint)",
        "(SELECT max(updated_at) FROM " + table + " WHERE organization_id = " + ORG + ")");
  }

  private static Map<String, String> fields(String... nameThenExpression) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < nameThenExpression.length; i += 2) {
      fields.put(nameThenExpression[i], nameThenExpression[i + 1]);
    }
    return fields;
  }
}
