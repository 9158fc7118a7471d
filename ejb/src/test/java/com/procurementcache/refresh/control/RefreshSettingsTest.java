package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.analytics.entity.DataType;
import org.junit.jupiter.api.Test;

class RefreshSettingsTest {

  @Test
  void readsTheNightlyDataTypesBySlug() {
    assertThat(RefreshSettings.dataTypes("dashboard-metrics, price-alerts"))
        .containsExactly(DataType.DASHBOARD_METRICS, DataType.PRICE_ALERTS);
  }

  @Test
  void refusesMasterDataOrUnknownTypesInTheNightlyRefresh() {
    assertThatThrownBy(() -> RefreshSettings.dataTypes("suppliers"))
        .hasMessageContaining("not a nightly data type");
    assertThatThrownBy(() -> RefreshSettings.dataTypes("dashboard"))
        .hasMessageContaining("'dashboard'");
  }
}
