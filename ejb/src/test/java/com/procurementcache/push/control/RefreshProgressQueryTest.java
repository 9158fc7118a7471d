package com.procurementcache.push.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.push.entity.RefreshProgress.OrganizationState;
import com.procurementcache.refresh.control.RefreshStatus.State;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunMembership;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefreshProgressQueryTest {

  static final Instant AT = Instant.parse("2026-11-24T01:10:00Z");
  static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-000000000001");

  static RunReport run(RunStatus status, int done, int total) {
    return new RunReport(
        RUN,
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
        Instant.parse("2026-11-24T01:00:00Z"),
        null,
        status == RunStatus.RUNNING ? null : Instant.parse("2026-11-24T01:05:00Z"),
        total,
        done,
        null,
        Instant.parse("2026-11-24T01:00:00Z"),
        Map.of());
  }

  static RefreshProgress progress(RunReport run, RunMembership membership) {
    return RefreshProgressQuery.progress(
        ORG, Optional.ofNullable(run), Optional.ofNullable(membership), AT);
  }

  @Test
  void withoutAnyRunTheOrganizationIsIdleAndInNoRun() {
    assertThat(progress(null, null))
        .isEqualTo(new RefreshProgress(ORG, State.IDLE, OrganizationState.NONE, null, 0, 0, AT));
  }

  @Test
  void aCoveredOrganizationWithoutOutcomeIsPendingWhileTheRunIsUnderWay() {
    assertThat(progress(run(RunStatus.RUNNING, 3, 8), new RunMembership(ORG, true, null)))
        .isEqualTo(
            new RefreshProgress(ORG, State.UPDATING, OrganizationState.PENDING, RUN, 3, 8, AT));
  }

  @Test
  void anOrganizationTheRunDoesNotCoverIsInNoneOfItButSeesTheRunAndItsCounts() {
    assertThat(progress(run(RunStatus.RUNNING, 3, 8), new RunMembership(ORG, false, null)))
        .isEqualTo(new RefreshProgress(ORG, State.UPDATING, OrganizationState.NONE, RUN, 3, 8, AT));
    // Unknown to the database: no membership at all.
    assertThat(progress(run(RunStatus.RUNNING, 3, 8), null).organizationState())
        .isEqualTo(OrganizationState.NONE);
  }

  @Test
  void aRunThatEndedWithoutReachingACoveredOrganizationLeavesItInNone() {
    RefreshProgress p = progress(run(RunStatus.FAILED, 2, 8), new RunMembership(ORG, true, null));
    assertThat(p.state()).isEqualTo(State.ERROR);
    assertThat(p.organizationState()).isEqualTo(OrganizationState.NONE);
  }

  @ParameterizedTest
  @CsvSource({
    "RUNNING, REFRESHED, UPDATING, DONE",
    "RUNNING, SKIPPED_FRESH, UPDATING, DONE",
    "RUNNING, FAILED_VALIDATION, UPDATING, FAILED",
    "RUNNING, FAILED_ERROR, UPDATING, FAILED",
    "COMPLETED, REFRESHED, COMPLETED, DONE",
    "COMPLETED_WITH_ERRORS, FAILED_ERROR, ERROR, FAILED",
    "COMPLETED_WITH_ERRORS, REFRESHED, ERROR, DONE",
    "TIMED_OUT, TIMED_OUT, ERROR, FAILED",
  })
  void anOutcomeGivesTheOrganizationsPlaceAndTheRunItsState(
      RunStatus status, Outcome outcome, State state, OrganizationState place) {
    RefreshProgress p = progress(run(status, 8, 8), new RunMembership(ORG, false, outcome));
    assertThat(p.state()).isEqualTo(state);
    assertThat(p.organizationState()).isEqualTo(place);
    assertThat(p.runId()).isEqualTo(RUN);
  }

  @Test
  void everyOutcomeHasAPlace() {
    for (Outcome o : Outcome.values()) {
      assertThat(RefreshProgressQuery.place(o))
          .isIn(OrganizationState.DONE, OrganizationState.FAILED);
    }
  }
}
