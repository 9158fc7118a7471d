package com.procurementcache.analytics.control;

import com.procurementcache.analytics.entity.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/** The query of every data type: which rows, which JSON, which orders (camelCase field names). */
final class DataQueries {

  private static final String ORG = "(SELECT id FROM param)";

  private DataQueries() {}

  static ListingQuery of(DataType type) {
    return switch (type) {
      case DASHBOARD_METRICS ->
          ListingQuery.nightly(
              "FROM dashboard_metrics d WHERE d.organization_id = " + ORG,
              """
              jsonb_build_object('totalSpend', d.total_spend,
                'spendLast30Days', d.spend_last_30_days,
                'spendPrevious30Days', d.spend_previous_30_days,
                'invoiceCount', d.invoice_count, 'openInvoiceCount', d.open_invoice_count,
                'activeSupplierCount', d.active_supplier_count, 'productCount', d.product_count,
                'locationCount', d.location_count,
                'averageInvoiceAmount', d.average_invoice_amount)""",
              "d.organization_id",
              "d.organization_id",
              Map.of());
      case PRODUCT_METRICS ->
          ListingQuery.nightly(
              "FROM product_metrics m JOIN products p ON p.id = m.product_id"
                  + " WHERE m.organization_id = "
                  + ORG,
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
          ListingQuery.nightly(
              "FROM cogs_analysis c JOIN locations l ON l.id = c.location_id"
                  + " WHERE c.organization_id = "
                  + ORG,
              """
              jsonb_build_object('locationId', c.location_id, 'locationName', l.name,
                'category', c.category, 'month', c.month, 'spend', c.spend,
                'quantity', c.quantity, 'lineCount', c.line_count)""",
              "c.month, l.name, c.category",
              "c.location_id, c.category, c.month",
              Map.of());
      case SUPPLIER_METRICS ->
          ListingQuery.nightly(
              "FROM supplier_metrics m JOIN suppliers s ON s.id = m.supplier_id"
                  + " WHERE m.organization_id = "
                  + ORG,
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
          ListingQuery.nightly(
              "FROM invoice_analytics i WHERE i.organization_id = " + ORG,
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
          ListingQuery.nightly(
              "FROM price_alerts a JOIN products p ON p.id = a.product_id"
                  + " JOIN suppliers s ON s.id = a.supplier_id WHERE a.organization_id = "
                  + ORG,
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
          ListingQuery.nightly(
              "FROM efficiency_metrics e WHERE e.organization_id = " + ORG,
              """
              jsonb_build_object('averageLinesPerInvoice', e.average_lines_per_invoice,
                'topThreeSupplierShare', e.top_three_supplier_share,
                'priceVolatility', e.price_volatility,
                'voidInvoiceRatio', e.void_invoice_ratio,
                'averageDaysBetweenOrders', e.average_days_between_orders)""",
              "e.organization_id",
              "e.organization_id",
              Map.of());
      case SUPPLIERS -> masterData("suppliers", "'email', t.email");
      case LOCATIONS -> masterData("locations", "'city', t.city");
      case USER_PREFERENCES ->
          throw new IllegalArgumentException("preferences are read per user, not per organization");
    };
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
