package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.refresh.entity.SignificantChange;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

  static final BigDecimal FIVE_PERCENT = new BigDecimal("0.05");

  @Test
  void reportsOnlyFiguresThatMovedByMoreThanTheThreshold() {
    var changes =
        ChangeDetector.significant(
            Map.of(
                "total_spend", bd("1000"), "invoice_count", bd("100"), "product_count", bd("20")),
            Map.of(
                "total_spend", bd("1060"), "invoice_count", bd("104"), "product_count", bd("18")),
            FIVE_PERCENT);

    assertThat(changes)
        .extracting(SignificantChange::figure)
        .containsExactlyInAnyOrder("total_spend", "product_count");
    assertThat(changes)
        .filteredOn(c -> c.figure().equals("product_count"))
        .singleElement()
        .satisfies(c -> assertThat(c.changeRatio()).isEqualByComparingTo("-0.1"));
  }

  @Test
  void exactlyTheThresholdIsNotSignificant() {
    assertThat(
            ChangeDetector.significant(
                Map.of("total_spend", bd("100")), Map.of("total_spend", bd("105")), FIVE_PERCENT))
        .isEmpty();
  }

  @Test
  void aFigureLeavingZeroIsSignificantWithoutARatio() {
    var changes =
        ChangeDetector.significant(
            Map.of("price_alert_count", bd("0")),
            Map.of("price_alert_count", bd("3")),
            FIVE_PERCENT);
    assertThat(changes).singleElement().satisfies(c -> assertThat(c.changeRatio()).isNull());
  }

  @Test
  void theFirstRefreshHasNoChanges() {
    assertThat(ChangeDetector.significant(Map.of(), Map.of("total_spend", bd("5")), FIVE_PERCENT))
        .isEmpty();
  }

  @Test
  void anomaliesAreChangesBeyondTheLimitFactor() {
    List<SignificantChange> changes =
        ChangeDetector.significant(
            Map.of("total_spend", bd("100"), "invoice_count", bd("10")),
            Map.of("total_spend", bd("1200"), "invoice_count", bd("30")),
            FIVE_PERCENT);
    assertThat(ChangeDetector.anomalies(changes, BigDecimal.TEN))
        .extracting(SignificantChange::figure)
        .containsExactly("total_spend");
  }

  static BigDecimal bd(String value) {
    return new BigDecimal(value);
  }
}
