package com.procurementcache.refresh.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrganizationOutcomeTest {

  static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  static final UUID ORGANIZATION = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  static final Instant START = Instant.parse("2026-11-24T01:00:00Z");
  static final OrganizationOutcome.Timing TIMING =
      new OrganizationOutcome.Timing(START, START.plusSeconds(2), 1_950);

  @Test
  void aRefreshedOrganizationKeepsItsRowsWarningAndChangesAsTheStoredJsonArray() {
    var change =
        new SignificantChange(
            "total_spend",
            new BigDecimal("100.00"),
            new BigDecimal("150.00"),
            new BigDecimal("0.5"));
    var noPrevious = new SignificantChange("price_alert_count", null, BigDecimal.ONE, null);

    var outcome =
        OrganizationOutcome.refreshed(
            RUN, ORGANIZATION, 1, TIMING, 42, List.of(change, noPrevious), "published despite");

    assertThat(outcome.outcome()).isEqualTo(Outcome.REFRESHED);
    assertThat(outcome.rowsWritten()).isEqualTo(42);
    assertThat(outcome.retries()).isEqualTo(1);
    assertThat(outcome.error()).isEqualTo("published despite");
    assertThat(outcome.startedAt()).isEqualTo(START);
    assertThat(outcome.endedAt()).isEqualTo(START.plusSeconds(2));
    assertThat(outcome.durationMs()).isEqualTo(1_950);
    assertThat(outcome.significantChanges())
        .isEqualTo(
            "[{\"figure\":\"total_spend\",\"previous\":100.00,\"current\":150.00,"
                + "\"change_ratio\":0.5},"
                + "{\"figure\":\"price_alert_count\",\"previous\":null,\"current\":1,"
                + "\"change_ratio\":null}]");
  }

  @Test
  void skippedAndFailedOrganizationsWroteNothingAndSayWhy() {
    var skipped = OrganizationOutcome.skipped(RUN, ORGANIZATION, 0, TIMING);
    var invalid = OrganizationOutcome.failedValidation(RUN, ORGANIZATION, 0, TIMING, "business");
    var broken = OrganizationOutcome.failedError(RUN, ORGANIZATION, 3, TIMING, "lock timeout");

    assertThat(List.of(skipped, invalid, broken))
        .allSatisfy(
            o -> {
              assertThat(o.rowsWritten()).isZero();
              assertThat(o.significantChanges()).isEqualTo("[]");
              assertThat(o.durationMs()).isEqualTo(1_950);
            });
    assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED_FRESH);
    assertThat(skipped.error()).isNull();
    assertThat(invalid.outcome()).isEqualTo(Outcome.FAILED_VALIDATION);
    assertThat(invalid.error()).isEqualTo("business");
    assertThat(broken.outcome()).isEqualTo(Outcome.FAILED_ERROR);
    assertThat(broken.retries()).isEqualTo(3);
  }

  @Test
  void anOrganizationNotReachedInTimeTookNoTime() {
    var outcome = OrganizationOutcome.timedOut(RUN, ORGANIZATION, START);

    assertThat(outcome.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(outcome.startedAt()).isEqualTo(START).isEqualTo(outcome.endedAt());
    assertThat(outcome.durationMs()).isZero();
    assertThat(outcome.error()).contains("timeout");
  }

  @Test
  void anOutcomeOverEveryAttemptKeepsWhatItRecorded() {
    var recorded = OrganizationOutcome.refreshed(RUN, ORGANIZATION, 2, TIMING, 7, List.of(), null);
    var attempts =
        new OrganizationOutcome.Timing(START.minusSeconds(10), START.plusSeconds(2), 12_000);

    var overAll = recorded.over(attempts);

    assertThat(overAll.startedAt()).isEqualTo(START.minusSeconds(10));
    assertThat(overAll.durationMs()).isEqualTo(12_000);
    assertThat(overAll)
        .usingRecursiveComparison()
        .ignoringFields("startedAt", "endedAt", "durationMs")
        .isEqualTo(recorded);
  }

  @Test
  void aRunCountsEveryOutcomeByItsWireName() {
    Map<Outcome, Integer> counted = new EnumMap<>(Outcome.class);
    counted.put(Outcome.REFRESHED, 3);
    counted.put(Outcome.FAILED_VALIDATION, 1);
    counted.put(Outcome.FAILED_ERROR, 2);

    Map<String, Integer> counts = RunReport.counts(counted);

    assertThat(counts)
        .containsExactly(
            Map.entry("refreshed", 3),
            Map.entry("skipped-fresh", 0),
            Map.entry("failed-validation", 1),
            Map.entry("failed-error", 2),
            Map.entry("timed-out", 0));
  }
}
