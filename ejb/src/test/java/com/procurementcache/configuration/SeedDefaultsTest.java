package com.procurementcache.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.analytics.entity.DataType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped defaults are the user's plan, number for number: the plan's values (in milliseconds,
 * as its TypeScript has them) are written out here once more on purpose.
 */
class SeedDefaultsTest {

  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  private static Map<String, String> defaults;

  @BeforeAll
  static void load() throws Exception {
    defaults = ConfigurationFiles.shippedDefaults();
  }

  private static long millis(String key) {
    return Duration.parse(defaults.get(key)).toMillis();
  }

  @Test
  void freshnessTiersAreThePlans() {
    assertThat(millis("cache.freshness.real-time")).isEqualTo(30 * SECOND);
    assertThat(millis("cache.freshness.frequent")).isEqualTo(2 * MINUTE);
    assertThat(millis("cache.freshness.moderate")).isEqualTo(10 * MINUTE);
    assertThat(millis("cache.freshness.stable")).isEqualTo(30 * MINUTE);
    assertThat(millis("cache.freshness.reference")).isEqualTo(24 * HOUR);
    assertThat(millis("cache.freshness.nightly-refresh")).isEqualTo(24 * HOUR);
  }

  @Test
  void retentionTiersAreThePlans() {
    assertThat(millis("cache.retention.short")).isEqualTo(5 * MINUTE);
    assertThat(millis("cache.retention.medium")).isEqualTo(15 * MINUTE);
    assertThat(millis("cache.retention.long")).isEqualTo(HOUR);
    assertThat(millis("cache.retention.very-long")).isEqualTo(24 * HOUR);
    assertThat(millis("cache.retention.nightly-cache")).isEqualTo(25 * HOUR);
  }

  @Test
  void businessDataMapIsThePlans() {
    assertTiers("price-alerts", "real-time", "short");
    assertTiers("cogs-analysis", "nightly-refresh", "nightly-cache");
    assertTiers("product-metrics", "nightly-refresh", "nightly-cache");
    assertTiers("suppliers", "stable", "long");
    assertTiers("locations", "stable", "very-long");
    assertTiers("user-preferences", "stable", "very-long");
    assertTiers("dashboard-metrics", "nightly-refresh", "nightly-cache");
    assertTiers("invoice-analytics", "nightly-refresh", "nightly-cache");
  }

  private static void assertTiers(String type, String freshness, String retention) {
    assertThat(defaults)
        .containsEntry("cache.data-type." + type + ".freshness", freshness)
        .containsEntry("cache.data-type." + type + ".retention", retention);
  }

  @Test
  void nightlyScheduleIsThePlans() {
    assertThat(defaults)
        .containsEntry("refresh.schedule", "0 2 * * *")
        .containsEntry("refresh.zone", "Europe/Copenhagen")
        .containsEntry("refresh.batch-size", "1000")
        .containsEntry("refresh.max-retries", "3");
    assertThat(millis("refresh.timeout")).isEqualTo(30 * MINUTE);
  }

  @Test
  void businessRulesAreThePlans() {
    assertThat(millis("refresh.min-age")).isEqualTo(12 * HOUR);
    assertThat(Double.parseDouble(defaults.get("refresh.max-load"))).isEqualTo(0.8);
    assertThat(Double.parseDouble(defaults.get("refresh.change-threshold"))).isEqualTo(0.05);
    assertThat(millis("refresh.staleness-limit")).isEqualTo(25 * HOUR);
  }

  @Test
  void theRefreshRecomputesThePlansNightlyTypesAndNoMasterData() {
    // The plan's NIGHTLY_UPDATES data types; its excluded ones are master data, which the
    // DataType enum never makes nightly (so neither needs a setting).
    assertThat(DataType.nightlyTypes().stream().map(DataType::slug))
        .containsExactly(
            "dashboard-metrics",
            "product-metrics",
            "cogs-analysis",
            "supplier-metrics",
            "invoice-analytics",
            "price-alerts",
            "efficiency-metrics");
    assertThat(DataType.SUPPLIERS.nightly()).isFalse();
    assertThat(DataType.LOCATIONS.nightly()).isFalse();
    assertThat(DataType.USER_PREFERENCES.nightly()).isFalse();
    assertThat(defaults.keySet())
        .doesNotContain(
            "refresh.data-types", "refresh.excluded-data-types", "refresh.notify-on-changes");
  }

  @Test
  void webhookIsOffUntilConfigured() {
    assertThat(defaults)
        .containsEntry("webhook.url", ConfigurationFiles.NONE)
        .containsEntry("webhook.secret", ConfigurationFiles.NONE);
  }
}
