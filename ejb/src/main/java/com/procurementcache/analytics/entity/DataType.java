package com.procurementcache.analytics.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of data this product serves. Nightly types are recomputed by the nightly refresh into
 * their analytics table; master data is read from the source tables and cached read-through. The
 * slug is the name in URLs, configuration keys ({@code cache.data-type.<slug>.*}) and events.
 */
public enum DataType {
  DASHBOARD_METRICS("dashboard-metrics", "dashboard_metrics"),
  PRODUCT_METRICS("product-metrics", "product_metrics"),
  COGS_ANALYSIS("cogs-analysis", "cogs_analysis"),
  SUPPLIER_METRICS("supplier-metrics", "supplier_metrics"),
  INVOICE_ANALYTICS("invoice-analytics", "invoice_analytics"),
  PRICE_ALERTS("price-alerts", "price_alerts"),
  EFFICIENCY_METRICS("efficiency-metrics", "efficiency_metrics"),
  SUPPLIERS("suppliers", null),
  LOCATIONS("locations", null),
  USER_PREFERENCES("user-preferences", null);

  private final String slug;
  private final String analyticsTable;

  DataType(String slug, String analyticsTable) {
    this.slug = slug;
    this.analyticsTable = analyticsTable;
  }

  public String slug() {
    return slug;
  }

  /** Whether the nightly refresh recomputes this type (else it is master data). */
  public boolean nightly() {
    return analyticsTable != null;
  }

  /** The analytics table a nightly type is stored in; empty for master data. */
  public Optional<String> analyticsTable() {
    return Optional.ofNullable(analyticsTable);
  }

  public static Optional<DataType> fromSlug(String slug) {
    return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst();
  }

  /** The nightly types, in the order the refresh computes them. */
  public static List<DataType> nightlyTypes() {
    return Arrays.stream(values()).filter(DataType::nightly).toList();
  }
}
