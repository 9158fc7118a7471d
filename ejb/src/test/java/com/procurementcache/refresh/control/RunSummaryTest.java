package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.refresh.entity.RunReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  static RunReport run(String status, String error) {
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    RunReport.OUTCOMES.forEach(o -> outcomes.put(o, 0));
    outcomes.put("refreshed", 40);
    outcomes.put("skipped-fresh", 5);
    return new RunReport(
        UUID.fromString("00000000-0000-0000-0000-000000000001"),
        LocalDate.of(2026, 11, 24),
        "schedule",
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
    var summary = RunSummary.of(run("completed", null));
    assertThat(summary.getBoolean("success")).isTrue();
    assertThat(summary.getInt("organizations_updated")).isEqualTo(40);
    assertThat(summary.getString("start_time")).isEqualTo("2026-11-24T01:00:00Z");
    assertThat(summary.getString("end_time")).isEqualTo("2026-11-24T01:02:30Z");
    assertThat(summary.getJsonNumber("duration_seconds").doubleValue()).isEqualTo(150.0);
    assertThat(summary.getJsonObject("outcomes").getInt("skipped-fresh")).isEqualTo(5);
    assertThat(summary.getString("run_id")).isEqualTo("00000000-0000-0000-0000-000000000001");
    assertThat(RunSummary.eventType(run("completed", null)).wireName())
        .isEqualTo("nightly_update_complete");
  }

  @Test
  void anUnsuccessfulRunIsAnErrorEventWithItsReason() {
    RunReport timedOut = run("timed-out", "5 organizations not done within the timeout of PT30M");
    assertThat(RunSummary.eventType(timedOut).wireName()).isEqualTo("nightly_update_error");
    assertThat(RunSummary.of(timedOut).getString("error")).contains("not done");
    assertThat(RunSummary.of(timedOut).getBoolean("success")).isFalse();
  }
}
