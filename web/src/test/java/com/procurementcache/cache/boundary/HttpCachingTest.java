package com.procurementcache.cache.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.CacheTier;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HttpCachingTest {

  private static final CacheTier PRICE_ALERTS =
      new CacheTier(Duration.ofSeconds(30), Duration.ofMinutes(5));
  private static final CacheTier NIGHTLY =
      new CacheTier(Duration.ofHours(24), Duration.ofHours(25));
  private static final Instant NOW = Instant.parse("2025-06-30T10:00:00Z");

  @Test
  void maxAgeIsTheFreshnessAndStaleWhileRevalidateTheRest() {
    assertThat(HttpCaching.cacheControl(PRICE_ALERTS, CacheOutcome.HIT, NOW, null))
        .isEqualTo("private, max-age=30, stale-while-revalidate=270");
  }

  @Test
  void nightlyDataIsFreshAtMostUntilTheNextRefresh() {
    Instant nextRefresh = NOW.plus(Duration.ofHours(16));

    assertThat(HttpCaching.cacheControl(NIGHTLY, CacheOutcome.COMPUTED, NOW, nextRefresh))
        .isEqualTo("private, max-age=57600, stale-while-revalidate=3600");
  }

  @Test
  void aRefreshFurtherAwayThanFreshnessLeavesTheFreshness() {
    assertThat(HttpCaching.cacheControl(PRICE_ALERTS, CacheOutcome.HIT, NOW, NOW.plusSeconds(3600)))
        .isEqualTo("private, max-age=30, stale-while-revalidate=270");
  }

  @Test
  void aStaleAnswerIsNotFreshForTheClientEither() {
    assertThat(HttpCaching.cacheControl(PRICE_ALERTS, CacheOutcome.STALE, NOW, null))
        .startsWith("private, max-age=0,");
    assertThat(HttpCaching.cacheControl(PRICE_ALERTS, CacheOutcome.STALE_IF_ERROR, NOW, null))
        .startsWith("private, max-age=0,");
  }

  @Test
  void etagIsStrongAndStableForTheSameOrganizationTypeAndVersion() {
    UUID organization = UUID.fromString("00000000-0000-0000-0000-000000000001");

    var tag = HttpCaching.etag(organization, "product-metrics", 7);

    assertThat(tag.isWeak()).isFalse();
    assertThat(HttpCaching.etag(organization, "product-metrics", 7)).isEqualTo(tag);
    assertThat(HttpCaching.etag(organization, "product-metrics", 8)).isNotEqualTo(tag);
    assertThat(HttpCaching.etag(organization, "price-alerts", 7)).isNotEqualTo(tag);
    assertThat(HttpCaching.etag(UUID.randomUUID(), "product-metrics", 7)).isNotEqualTo(tag);
  }

  @Test
  void etagPartsCannotRunIntoEachOther() {
    assertThat(HttpCaching.etag("ab", "c")).isNotEqualTo(HttpCaching.etag("a", "bc"));
  }

  @Test
  void cacheStatusFollowsRfc9211() {
    assertThat(HttpCaching.cacheStatus(CacheOutcome.HIT)).isEqualTo("procurement-cache; hit");
    assertThat(HttpCaching.cacheStatus(CacheOutcome.COMPUTED))
        .isEqualTo("procurement-cache; fwd=miss; stored");
    assertThat(HttpCaching.cacheStatus(CacheOutcome.STALE_IF_ERROR))
        .isEqualTo("procurement-cache; hit; fwd=stale; detail=stale-if-error");
  }
}
