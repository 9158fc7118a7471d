package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
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
    var summary = RunSummary.of(run(RunStatus.COMPLETED, null));
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
    assertThat(RunSummary.of(timedOut).getString("error")).contains("not done");
    assertThat(RunSummary.of(timedOut).getBoolean("success")).isFalse();
  }
}
