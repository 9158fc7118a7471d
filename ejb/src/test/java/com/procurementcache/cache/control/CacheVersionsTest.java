package com.procurementcache.cache.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.analytics.entity.DataType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CacheVersionsTest {

  private final CacheVersions versions = new CacheVersions();
  private final UUID org = UUID.randomUUID();

  @Test
  void aChangeRaisesTheFloorOfTheTypesItMadeOldOnly() {
    versions.advance(org, 3, List.of(DataType.SUPPLIERS, DataType.LOCATIONS));
    versions.advance(org, 4, List.of(DataType.DASHBOARD_METRICS));

    assertThat(versions.floor(org, DataType.SUPPLIERS)).isEqualTo(3);
    assertThat(versions.floor(org, DataType.DASHBOARD_METRICS)).isEqualTo(4);
    assertThat(versions.floor(org, DataType.PRICE_ALERTS)).isZero();
    assertThat(versions.floor(UUID.randomUUID(), DataType.SUPPLIERS)).isZero();
  }

  @Test
  void aFloorNeverGoesDown() {
    versions.advance(org, 7, List.of(DataType.SUPPLIERS));
    versions.advance(org, 5, List.of(DataType.SUPPLIERS));

    assertThat(versions.floor(org, DataType.SUPPLIERS)).isEqualTo(7);
  }
}
