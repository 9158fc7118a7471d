package com.procurementcache.cache.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.CacheTier;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CacheTiersTest {

  private static Map<String, String> shipped() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        CacheTiersTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
      properties.load(in);
    }
    Map<String, String> map = new HashMap<>();
    properties.forEach((k, v) -> map.put((String) k, (String) v));
    return map;
  }

  private static Function<String, Optional<String>> lookup(Map<String, String> values) {
    return key -> Optional.ofNullable(values.get(key));
  }

  /** The tier of {@code type} under the shipped configuration with {@code overrides} on top. */
  private static CacheTier resolve(DataType type, Map<String, String> overrides)
      throws IOException {
    Map<String, String> values = shipped();
    values.putAll(overrides);
    return CacheTiers.resolve(type, lookup(values));
  }

  private static CacheTier tier(Duration freshness, Duration retention) {
    return new CacheTier(freshness, retention);
  }

  @Test
  void defaultsAreThePlansTiers() throws IOException {
    var config = lookup(shipped());

    assertThat(CacheTiers.resolve(DataType.PRICE_ALERTS, config))
        .isEqualTo(tier(Duration.ofSeconds(30), Duration.ofMinutes(5)));
    for (DataType type :
        new DataType[] {
          DataType.COGS_ANALYSIS,
          DataType.PRODUCT_METRICS,
          DataType.DASHBOARD_METRICS,
          DataType.INVOICE_ANALYTICS,
          DataType.SUPPLIER_METRICS,
          DataType.EFFICIENCY_METRICS
        }) {
      assertThat(CacheTiers.resolve(type, config))
          .as(type.slug())
          .isEqualTo(tier(Duration.ofHours(24), Duration.ofHours(25)));
    }
    assertThat(CacheTiers.resolve(DataType.SUPPLIERS, config))
        .isEqualTo(tier(Duration.ofMinutes(30), Duration.ofHours(1)));
    assertThat(CacheTiers.resolve(DataType.LOCATIONS, config))
        .isEqualTo(tier(Duration.ofMinutes(30), Duration.ofHours(24)));
    assertThat(CacheTiers.resolve(DataType.USER_PREFERENCES, config))
        .isEqualTo(tier(Duration.ofMinutes(30), Duration.ofHours(24)));
  }

  @Test
  void aTypeCanBeMovedToAnotherTier() throws IOException {
    Map<String, String> overrides =
        Map.of(
            "cache.data-type.product-metrics.freshness",
            "moderate",
            "cache.data-type.product-metrics.retention",
            "long");

    assertThat(resolve(DataType.PRODUCT_METRICS, overrides))
        .isEqualTo(tier(Duration.ofMinutes(10), Duration.ofHours(1)));
  }

  @Test
  void aTiersDurationCanBeOverridden() throws IOException {
    Map<String, String> overrides =
        Map.of("cache.freshness.real-time", "PT5S", "cache.retention.short", "PT1M");

    assertThat(resolve(DataType.PRICE_ALERTS, overrides))
        .isEqualTo(tier(Duration.ofSeconds(5), Duration.ofMinutes(1)));
  }

  @Test
  void staleWhileRevalidateIsRetentionMinusFreshness() throws IOException {
    CacheTier nightly = CacheTiers.resolve(DataType.DASHBOARD_METRICS, lookup(shipped()));

    assertThat(nightly.staleWhileRevalidate()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void unknownTierNameIsRefusedNamingTheKeys() throws IOException {
    Map<String, String> overrides = Map.of("cache.data-type.locations.freshness", "sometimes");

    assertThatThrownBy(() -> resolve(DataType.LOCATIONS, overrides))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cache.data-type.locations.freshness")
        .hasMessageContaining("cache.freshness.sometimes");
  }

  @Test
  void malformedDurationIsRefused() throws IOException {
    Map<String, String> overrides = Map.of("cache.retention.short", "5 minutes");

    assertThatThrownBy(() -> resolve(DataType.PRICE_ALERTS, overrides))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cache.retention.short");
  }

  @Test
  void retentionShorterThanFreshnessIsRefused() throws IOException {
    Map<String, String> overrides = Map.of("cache.retention.short", "PT10S");

    assertThatThrownBy(() -> resolve(DataType.PRICE_ALERTS, overrides))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than freshness");
  }
}
