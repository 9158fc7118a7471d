package com.procurementcache.cache.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.control.CacheSettings;
import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.PageRequest;
import com.procurementcache.organization.entity.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrganizationDataTest {

  private static final Instant NOW = Instant.parse("2025-06-30T10:00:00Z");
  private static final OrganizationId ORGANIZATION = new OrganizationId(UUID.randomUUID());

  private final OrganizationData data = new OrganizationData();

  OrganizationDataTest() {
    data.settings =
        new CacheSettings() {
          @Override
          public int pageDefaultSize() {
            return 50;
          }

          @Override
          public int pageMaxSize() {
            return 500;
          }
        };
  }

  @Test
  void servesEveryTypeButPreferencesAndNamesThemWhenAskedForAnother() {
    assertThat(data.type("price-alerts")).isEqualTo(DataType.PRICE_ALERTS);
    assertThatThrownBy(() -> data.type("user-preferences"))
        .isInstanceOf(DataRequestRefused.class)
        .satisfies(e -> assertThat(((DataRequestRefused) e).unknownType()).isTrue())
        .hasMessage(
            "No data type 'user-preferences'; there are dashboard-metrics, product-metrics,"
                + " cogs-analysis, supplier-metrics, invoice-analytics, price-alerts,"
                + " efficiency-metrics, suppliers, locations.");
  }

  @Test
  void pagedTypesDefaultToTheirFirstSortFieldDescendingAndTheConfiguredSize() {
    assertThat(data.paging(DataType.PRODUCT_METRICS, null, null, null))
        .contains(new PageRequest(0, 50, "totalSpend", true));
    assertThat(data.paging(DataType.PRICE_ALERTS, "1", "10", "changeRatio"))
        .contains(new PageRequest(1, 10, "changeRatio", false));
  }

  @Test
  void pagingATypeThatIsNotPagedOrBeyondTheMaximumIsRefused() {
    assertThat(data.paging(DataType.DASHBOARD_METRICS, null, null, null)).isEmpty();
    assertThatThrownBy(() -> data.paging(DataType.DASHBOARD_METRICS, "1", null, null))
        .isInstanceOf(DataRequestRefused.class)
        .satisfies(e -> assertThat(((DataRequestRefused) e).unknownType()).isFalse())
        .hasMessageContaining("dashboard-metrics is not paged");
    assertThatThrownBy(() -> data.paging(DataType.PRODUCT_METRICS, null, "501", null))
        .isInstanceOf(DataRequestRefused.class)
        .hasMessageContaining("size must be a whole number from 1 to 500");
  }

  @Test
  void nightlyDataNeverComputedIsNotToBeKeptButMasterDataIs() {
    CachedValue none = CachedValue.single(0, null, NOW, null);
    CacheTier tier = new CacheTier(Duration.ofHours(24), Duration.ofHours(25));

    assertThat(answer(DataType.DASHBOARD_METRICS, none, tier).notYetComputed()).isTrue();
    assertThat(
            answer(DataType.DASHBOARD_METRICS, CachedValue.single(3, NOW, NOW, "{}"), tier)
                .notYetComputed())
        .isFalse();
    assertThat(answer(DataType.SUPPLIERS, none, tier).notYetComputed()).isFalse();
  }

  @Test
  void aPagedAnswerCarriesOnlyItsPageInTheRequestedOrder() {
    CachedValue list =
        CachedValue.listOf(
            1, NOW, NOW, List.of("1", "2", "3"), Map.of("totalSpend", new int[] {0, 1, 2}));
    DataAnswer answer =
        new DataAnswer(
            ORGANIZATION,
            DataType.PRODUCT_METRICS,
            list,
            null,
            null,
            NOW,
            null,
            new PageRequest(0, 2, "totalSpend", true));

    assertThat(answer.live()).isTrue();
    assertThat(answer.json()).isEqualTo("[3,2]");
    assertThat(answer.totalItems()).isEqualTo(3);
  }

  private static DataAnswer answer(DataType type, CachedValue value, CacheTier tier) {
    return new DataAnswer(ORGANIZATION, type, value, CacheOutcome.HIT, tier, NOW, null, null);
  }
}
