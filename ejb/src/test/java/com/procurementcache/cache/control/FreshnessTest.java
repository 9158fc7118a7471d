package com.procurementcache.cache.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.CachedValue;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreshnessTest {

  private static final CacheTier TIER =
      new CacheTier(Duration.ofSeconds(30), Duration.ofMinutes(5));
  private static final Instant COMPUTED = Instant.parse("2025-06-30T10:00:00Z");
  private static final CachedValue VALUE = CachedValue.single(3, COMPUTED, COMPUTED, "{}");

  @Test
  void youngerThanFreshnessIsFresh() {
    assertThat(Freshness.of(VALUE, TIER, COMPUTED.plusSeconds(29))).isEqualTo(Freshness.FRESH);
  }

  @Test
  void fromFreshnessOnItIsStale() {
    assertThat(Freshness.of(VALUE, TIER, COMPUTED.plusSeconds(30))).isEqualTo(Freshness.STALE);
    assertThat(Freshness.of(VALUE, TIER, COMPUTED.plusSeconds(299))).isEqualTo(Freshness.STALE);
  }

  @Test
  void fromRetentionOnItIsExpired() {
    assertThat(Freshness.of(VALUE, TIER, COMPUTED.plusSeconds(300))).isEqualTo(Freshness.EXPIRED);
  }

  @Test
  void aFailedRevalidationDoesNotMakeAValueYounger() {
    CachedValue failed = VALUE.revalidationFailed(COMPUTED.plusSeconds(200));

    assertThat(Freshness.of(failed, TIER, COMPUTED.plusSeconds(300))).isEqualTo(Freshness.EXPIRED);
    assertThat(failed.lastRevalidationFailure()).contains(COMPUTED.plusSeconds(200));
  }
}
