package com.procurementcache.push.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.push.control.RefreshStatusChanges.Update;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.push.entity.RefreshProgress.OrganizationState;
import com.procurementcache.refresh.control.RefreshStatus.State;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which organizations' subscribers hear of a reading, as a run goes by. */
class RefreshStatusChangesTest {

  static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");
  static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-000000000001");
  static final UUID EARLIER_RUN = UUID.fromString("00000000-0000-0000-0000-000000000002");

  final RefreshStatusChanges changes = new RefreshStatusChanges();
  int second;

  /** One organization's view; a new time each call, since the time alone is no change. */
  RefreshProgress view(UUID org, State state, OrganizationState place, int done, int total) {
    return new RefreshProgress(
        org,
        state,
        place,
        RUN,
        done,
        total,
        Instant.parse("2026-11-24T01:00:00Z").plusSeconds(++second));
  }

  Map<UUID, RefreshProgress> views(RefreshProgress... views) {
    Map<UUID, RefreshProgress> map = new LinkedHashMap<>();
    Arrays.stream(views).forEach(v -> map.put(v.organizationId(), v));
    return map;
  }

  /** A tick's reading: what it sends, as "org viewers|admins state place done/total". */
  List<String> tick(RefreshProgress... views) {
    return changes.read(changes.startReading(), views(views)).stream()
        .map(RefreshStatusChangesTest::describe)
        .sorted()
        .toList();
  }

  static String describe(Update u) {
    RefreshProgress p = u.progress();
    return (p.organizationId().equals(A) ? "A" : p.organizationId().equals(B) ? "B" : "C")
        + (u.viewers() ? " all " : " admins ")
        + p.state().wireName()
        + " "
        + p.organizationState().name().toLowerCase()
        + " "
        + p.organizationsDone()
        + "/"
        + p.organizationsTotal();
  }

  @Test
  void aRunGoingByTellsEachOrganizationWhatChangedForIt() {
    // A and B are covered by the run, C (inactive) is not; done/total move as organizations end.
    assertThat(
            tick(
                view(A, State.UPDATING, OrganizationState.PENDING, 0, 3),
                view(B, State.UPDATING, OrganizationState.PENDING, 0, 3),
                view(C, State.UPDATING, OrganizationState.NONE, 0, 3)))
        .containsExactly(
            "A all updating pending 0/3", "B all updating pending 0/3", "C all updating none 0/3");

    // Nothing moved: nothing is sent, although each view was read at a new time.
    assertThat(
            tick(
                view(A, State.UPDATING, OrganizationState.PENDING, 0, 3),
                view(B, State.UPDATING, OrganizationState.PENDING, 0, 3),
                view(C, State.UPDATING, OrganizationState.NONE, 0, 3)))
        .isEmpty();

    // Another tenant finished: only the counts moved for A, B and C, so only their admins hear.
    assertThat(
            tick(
                view(A, State.UPDATING, OrganizationState.PENDING, 1, 3),
                view(B, State.UPDATING, OrganizationState.PENDING, 1, 3),
                view(C, State.UPDATING, OrganizationState.NONE, 1, 3)))
        .containsExactly(
            "A admins updating pending 1/3",
            "B admins updating pending 1/3",
            "C admins updating none 1/3");

    // A is done, B failed: their viewers hear; C's place did not change.
    assertThat(
            tick(
                view(A, State.UPDATING, OrganizationState.DONE, 3, 3),
                view(B, State.UPDATING, OrganizationState.FAILED, 3, 3),
                view(C, State.UPDATING, OrganizationState.NONE, 3, 3)))
        .containsExactly(
            "A all updating done 3/3", "B all updating failed 3/3", "C admins updating none 3/3");

    // The run ends with errors: everyone hears the new state.
    assertThat(
            tick(
                view(A, State.ERROR, OrganizationState.DONE, 3, 3),
                view(B, State.ERROR, OrganizationState.FAILED, 3, 3),
                view(C, State.ERROR, OrganizationState.NONE, 3, 3)))
        .containsExactly("A all error done 3/3", "B all error failed 3/3", "C all error none 3/3");
  }

  @Test
  void aNewRunIsAChangeEvenWhenStateAndPlaceLookTheSame() {
    tick(view(A, State.COMPLETED, OrganizationState.NONE, 2, 2));
    RefreshProgress other =
        new RefreshProgress(
            A, State.COMPLETED, OrganizationState.NONE, EARLIER_RUN, 2, 2, Instant.now());
    assertThat(changes.read(changes.startReading(), views(other))).hasSize(1);
  }

  @Test
  void anOrganizationNoLongerSubscribedIsForgottenAndHeardAgainWhenSubscribedAgain() {
    tick(view(A, State.COMPLETED, OrganizationState.DONE, 2, 2));
    assertThat(tick()).isEmpty();
    assertThat(tick(view(A, State.COMPLETED, OrganizationState.DONE, 2, 2)))
        .containsExactly("A all completed done 2/2");
  }

  @Test
  void aReadingThatStartedEarlierNeverOverwritesALaterOne() {
    long tickReading = changes.startReading();
    // A subscriber's own reading starts after the tick's, sees the run further on, and is sent.
    long subscribeReading = changes.startReading();
    changes.told(subscribeReading, view(A, State.UPDATING, OrganizationState.DONE, 2, 3));
    // The tick's older reading is not sent back to it...
    assertThat(
            changes.read(
                tickReading, views(view(A, State.UPDATING, OrganizationState.PENDING, 1, 3))))
        .isEmpty();
    // ...and the next tick only sends what changed after the subscriber's reading.
    assertThat(tick(view(A, State.UPDATING, OrganizationState.DONE, 2, 3))).isEmpty();
    assertThat(tick(view(A, State.COMPLETED, OrganizationState.DONE, 3, 3)))
        .containsExactly("A all completed done 3/3");
  }

  @Test
  void aNewSubscribersOwnReadingDoesNotKeepTheOthersFromTheChangeItSaw() {
    tick(view(A, State.UPDATING, OrganizationState.PENDING, 1, 3));
    // A second subscriber of A reads the run further on than the others were told.
    changes.told(changes.startReading(), view(A, State.UPDATING, OrganizationState.DONE, 2, 3));
    assertThat(tick(view(A, State.UPDATING, OrganizationState.DONE, 2, 3)))
        .containsExactly("A all updating done 2/3");
  }
}
