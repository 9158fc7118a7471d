package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.OrganizationOutcome.Timing;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import com.procurementcache.refresh.entity.SignificantChange;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  static RunReport run(RunStatus status, String error) {
    Map<Outcome, Integer> counted = new EnumMap<>(Outcome.class);
    counted.put(Outcome.REFRESHED, 40);
    counted.put(Outcome.SKIPPED_FRESH, 5);
    Map<String, Integer> outcomes = RunReport.counts(counted);
    return new RunReport(
        UUID.fromString("00000000-0000-0000-0000-000000000001"),
        LocalDate.of(2026, 11, 24),
        RunTrigger.SCHEDULE,
        null,
        false,
        List.of(),
        status,
        "finished",
        "n",
        1,
        null,
        Instant.parse("2026-11-24T01:00:00Z"),
        null,
        Instant.parse("2026-11-24T01:02:30Z"),
        45,
        45,
        error,
        Instant.parse("2026-11-24T01:00:00Z"),
        outcomes);
  }

  @Test
  void carriesThePlansSummaryFieldsAndTheOutcomeCounts() {
    var summary = RunSummary.of(run(RunStatus.COMPLETED, null), List.of());
    assertThat(summary.getBoolean("success")).isTrue();
    assertThat(summary.getInt("organizations_updated")).isEqualTo(40);
    assertThat(summary.getString("start_time")).isEqualTo("2026-11-24T01:00:00Z");
    assertThat(summary.getString("end_time")).isEqualTo("2026-11-24T01:02:30Z");
    assertThat(summary.getJsonNumber("duration_seconds").doubleValue()).isEqualTo(150.0);
    assertThat(summary.getJsonObject("outcomes").getInt("skipped-fresh")).isEqualTo(5);
    assertThat(summary.getString("run_id")).isEqualTo("00000000-0000-0000-0000-000000000001");
    assertThat(RunSummary.eventType(run(RunStatus.COMPLETED, null)).wireName())
        .isEqualTo("nightly_update_complete");
  }

  @Test
  void anUnsuccessfulRunIsAnErrorEventWithItsReason() {
    RunReport timedOut =
        run(RunStatus.TIMED_OUT, "5 organizations not done within the timeout of PT30M");
    assertThat(RunSummary.eventType(timedOut).wireName()).isEqualTo("nightly_update_error");
    assertThat(RunSummary.of(timedOut, List.of()).getString("error")).contains("not done");
    assertThat(RunSummary.of(timedOut, List.of()).getBoolean("success")).isFalse();
  }

  @Test
  void carriesTheSignificantChangesOfEachOrganizationThatHasAny() {
    UUID run = UUID.fromString("00000000-0000-0000-0000-000000000001");
    UUID moved = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    UUID unchanged = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
    UUID failed = UUID.fromString("00000000-0000-0000-0000-0000000000a3");
    UUID fromZero = UUID.fromString("00000000-0000-0000-0000-0000000000a4");
    Timing timing =
        new Timing(
            Instant.parse("2026-11-24T01:00:00Z"), Instant.parse("2026-11-24T01:00:02Z"), 2000);
    List<OrganizationOutcome> outcomes =
        List.of(
            OrganizationOutcome.refreshed(
                run,
                moved,
                0,
                timing,
                120,
                List.of(
                    new SignificantChange("total_spend", bd("1000.00"), bd("1200.00"), bd("0.2")),
                    new SignificantChange("invoice_count", bd("10"), bd("8"), bd("-0.2"))),
                null),
            OrganizationOutcome.refreshed(run, unchanged, 0, timing, 118, List.of(), null),
            OrganizationOutcome.failedError(run, failed, 3, timing, "connection reset"),
            OrganizationOutcome.refreshed(
                run,
                fromZero,
                1,
                timing,
                90,
                List.of(new SignificantChange("price_alert_count", bd("0"), bd("3"), null)),
                null));

    JsonArray expected =
        Json.createReader(
                new StringReader(
                    """
                    [{"organization_id": "00000000-0000-0000-0000-0000000000a1",
                      "changes": [{"figure": "total_spend", "previous": 1000.00,
                                   "current": 1200.00, "change_ratio": 0.2},
                                  {"figure": "invoice_count", "previous": 10,
                                   "current": 8, "change_ratio": -0.2}]},
                     {"organization_id": "00000000-0000-0000-0000-0000000000a4",
                      "changes": [{"figure": "price_alert_count", "previous": 0,
                                   "current": 3, "change_ratio": null}]}]
                    """))
            .readArray();
    assertThat(
            RunSummary.of(run(RunStatus.COMPLETED_WITH_ERRORS, null), outcomes)
                .getJsonArray("significant_changes"))
        .isEqualTo(expected);
  }

  @Test
  void aRunWithoutSignificantChangesSaysSoWithAnEmptyList() {
    assertThat(
            RunSummary.of(run(RunStatus.COMPLETED, null), List.of())
                .getJsonArray("significant_changes"))
        .isEmpty();
  }

  static BigDecimal bd(String value) {
    return new BigDecimal(value);
  }
}
