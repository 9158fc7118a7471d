package com.procurementcache.cache.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachedValueTest {

  private static final Instant NOW = Instant.parse("2025-06-30T10:00:00Z");

  @Test
  void aListIsTheJsonArrayOfItsItems() {
    CachedValue value =
        CachedValue.listOf(2, NOW, NOW, List.of("{\"a\":1}", "{\"a\":2}"), Map.of());

    assertThat(value.json()).isEqualTo("[{\"a\":1},{\"a\":2}]");
  }

  @Test
  void anEmptyListIsAnEmptyArrayAndAMissingObjectIsNull() {
    assertThat(CachedValue.listOf(0, null, NOW, List.of(), Map.of()).json()).isEqualTo("[]");
    assertThat(CachedValue.single(0, null, NOW, null).json()).isEqualTo("null");
  }

  @Test
  void aSingleValueHasAtMostOneItem() {
    assertThatThrownBy(
            () -> new CachedValue(1, NOW, NOW, false, List.of("1", "2"), Map.of(), null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hitRatioIsHitsOverRequests() {
    assertThat(new DataTypeStatistics(3, 1, 0, 1, 0, 1, 0).hitRatio()).isEqualTo(0.75);
    assertThat(DataTypeStatistics.NONE.hitRatio()).isZero();
  }

  @Test
  void statisticsOfNodesAddUp() {
    var a = new DataTypeStatistics(1, 2, 3, 4, 5, 6, 7);
    var b = new DataTypeStatistics(10, 20, 30, 40, 50, 60, 70);

    assertThat(a.plus(b)).isEqualTo(new DataTypeStatistics(11, 22, 33, 44, 55, 66, 77));
  }
}
