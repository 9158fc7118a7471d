package com.procurementcache.cache.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.EncodedAnswer;
import com.procurementcache.cache.entity.PageRequest;
import com.procurementcache.testing.MapConfig;
import com.procurementcache.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** This node's local layer of encoded answers: what it may serve, and how much it keeps. */
class LocalAnswersTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final CacheTier TIER = new CacheTier(Duration.ofMinutes(10), Duration.ofHours(1));

  private final MovableClock clock = new MovableClock(NOW);
  private final CacheVersions versions = new CacheVersions();
  private final UUID organization = UUID.randomUUID();
  private final LocalAnswers.Key dashboard =
      new LocalAnswers.Key(organization, DataType.DASHBOARD_METRICS, null);

  @Test
  void servesAKeptAnswerWhileItIsFreshAndCurrent() {
    LocalAnswers local = local(1 << 20);
    EncodedAnswer answer = answer(0, NOW.plusSeconds(60), 100);
    local.keep(dashboard, answer);

    assertThat(local.fresh(dashboard)).containsSame(answer);
    clock.advance(Duration.ofSeconds(60));
    assertThat(local.fresh(dashboard)).isEmpty();
  }

  @Test
  void neverServesAnAnswerOlderThanAChangeThisNodeApplied() {
    LocalAnswers local = local(1 << 20);
    local.keep(dashboard, answer(3, NOW.plusSeconds(600), 100));

    versions.advance(organization, 4, List.of(DataType.DASHBOARD_METRICS));

    assertThat(local.fresh(dashboard)).isEmpty();
    // nor keeps one that was encoded before the change and arrives after it
    local.keep(dashboard, answer(3, NOW.plusSeconds(600), 100));
    assertThat(local.fresh(dashboard)).isEmpty();
    EncodedAnswer current = answer(4, NOW.plusSeconds(600), 100);
    local.keep(dashboard, current);
    assertThat(local.fresh(dashboard)).containsSame(current);
  }

  @Test
  void aChangeDropsTheOrganizationsAnswersOfTheChangedTypesOnly() {
    LocalAnswers local = local(1 << 20);
    LocalAnswers.Key page =
        new LocalAnswers.Key(
            organization, DataType.PRODUCT_METRICS, new PageRequest(0, 50, "totalSpend", true));
    LocalAnswers.Key suppliers = new LocalAnswers.Key(organization, DataType.SUPPLIERS, null);
    LocalAnswers.Key otherOrganization =
        new LocalAnswers.Key(UUID.randomUUID(), DataType.DASHBOARD_METRICS, null);
    for (LocalAnswers.Key key : List.of(dashboard, page, suppliers, otherOrganization)) {
      local.keep(key, answer(0, NOW.plusSeconds(600), 100));
    }

    local.drop(organization, List.of(DataType.DASHBOARD_METRICS, DataType.PRODUCT_METRICS));

    assertThat(local.size()).isEqualTo(2);
    assertThat(local.fresh(suppliers)).isPresent();
    assertThat(local.fresh(otherOrganization)).isPresent();
    assertThat(local.fresh(page)).isEmpty();
  }

  @Test
  void keepsNoMoreBytesThanItsBound() {
    LocalAnswers local = local(100_000);

    for (int i = 0; i < 200; i++) {
      local.keep(
          new LocalAnswers.Key(UUID.randomUUID(), DataType.DASHBOARD_METRICS, null),
          answer(0, NOW.plusSeconds(600), 1_000));
    }

    // each entry weighs its body and a fixed overhead: at most 100,000 / 1,000 of them fit
    assertThat(local.size()).isPositive().isLessThanOrEqualTo(100);
  }

  @Test
  void aBoundOfZeroTurnsTheLayerOff() {
    LocalAnswers local = local(0);
    local.keep(dashboard, answer(0, NOW.plusSeconds(600), 100));

    assertThat(local.enabled()).isFalse();
    assertThat(local.fresh(dashboard)).isEmpty();
  }

  private LocalAnswers local(long maxBytes) {
    Map<String, String> values = new HashMap<>(MapConfig.shippedDefaults());
    values.put("cache.local.max-bytes", Long.toString(maxBytes));
    LocalAnswers local = new LocalAnswers(new CacheSettings(new MapConfig(values)));
    local.versions = versions;
    local.clock = clock;
    return local;
  }

  private static EncodedAnswer answer(long changeVersion, Instant freshUntil, int bytes) {
    return new EncodedAnswer(
        new byte[bytes], "\"tag\"", null, TIER, null, false, changeVersion, freshUntil);
  }
}
