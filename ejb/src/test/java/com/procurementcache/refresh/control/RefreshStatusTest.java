package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefreshStatusTest {

  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final Instant NEXT = Instant.parse("2026-11-25T01:00:00Z");
  static final Duration LIMIT = Duration.ofHours(25);
  static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");

  static RunReport run(RunStatus status, Instant ended, int done, int total) {
    return new RunReport(
        UUID.randomUUID(),
        null,
        RunTrigger.SCHEDULE,
        null,
        false,
        List.of(),
        status,
        "refreshing",
        "n",
        1,
        null,
        ended == null ? NOW : ended.minusSeconds(60),
        null,
        ended,
        total,
        done,
        null,
        NOW,
        Map.of());
  }

  @Test
  void neverRunIsIdleAndOverdue() {
    var status =
        RefreshStatus.of(
            Optional.empty(), Optional.empty(), Optional.empty(), NEXT, ZONE, NOW, LIMIT);
    assertThat(status.state()).isEqualTo(RefreshStatus.State.IDLE);
    assertThat(status.overdue()).isTrue();
    assertThat(status.nextScheduled()).isEqualTo(NEXT);
    assertThat(status.zone()).isEqualTo("Europe/Copenhagen");
  }

  @Test
  void aRunningRunIsUpdatingWithProgress() {
    RunReport done = run(RunStatus.COMPLETED, NOW.minus(Duration.ofHours(10)), 4, 4);
    var status =
        RefreshStatus.of(
            Optional.of(run(RunStatus.RUNNING, null, 3, 8)),
            Optional.of(done),
            Optional.of(done),
            NEXT,
            ZONE,
            NOW,
            LIMIT);
    assertThat(status.state()).isEqualTo(RefreshStatus.State.UPDATING);
    assertThat(status.organizationsDone()).isEqualTo(3);
    assertThat(status.organizationsTotal()).isEqualTo(8);
    assertThat(status.hoursSinceLastSuccess()).isEqualTo(10.0);
    assertThat(status.overdue()).isFalse();
  }

  @Test
  void aFailedLatestRunIsAnErrorAndAnOldSuccessIsOverdue() {
    RunReport old = run(RunStatus.COMPLETED, NOW.minus(Duration.ofHours(26)), 4, 4);
    RunReport failed = run(RunStatus.TIMED_OUT, NOW.minus(Duration.ofHours(2)), 2, 4);
    var status =
        RefreshStatus.of(
            Optional.empty(), Optional.of(failed), Optional.of(old), NEXT, ZONE, NOW, LIMIT);
    assertThat(status.state()).isEqualTo(RefreshStatus.State.ERROR);
    assertThat(status.lastRunStatus()).isEqualTo(RunStatus.TIMED_OUT);
    assertThat(status.overdue()).isTrue();
  }
}
