package com.procurementcache.cache.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the API serves per organization. Nightly types are recomputed by the nightly refresh; master
 * data is read through and evicted when written.
 */
public enum DataType {
  DASHBOARD_METRICS("dashboard-metrics", true),
  PRODUCT_METRICS("product-metrics", true),
  COGS_ANALYSIS("cogs-analysis", true),
  SUPPLIER_METRICS("supplier-metrics", true),
  INVOICE_ANALYTICS("invoice-analytics", true),
  PRICE_ALERTS("price-alerts", true),
  EFFICIENCY_METRICS("efficiency-metrics", true),
  SUPPLIERS("suppliers", false),
  LOCATIONS("locations", false),
  USER_PREFERENCES("user-preferences", false);

  private final String key;
  private final boolean nightly;

  DataType(String key, boolean nightly) {
    this.key = key;
    this.nightly = nightly;
  }

  /** The name in URLs, configuration keys and events, e.g. {@code dashboard-metrics}. */
  public String key() {
    return key;
  }

  public boolean isNightly() {
    return nightly;
  }

  public static Optional<DataType> fromKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
  }

  public static List<DataType> nightlyTypes() {
    return Arrays.stream(values()).filter(DataType::isNightly).toList();
  }
}
