package com.procurementcache.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.push.control.RefreshProgressQuery;
import com.procurementcache.push.control.RefreshWatch;
import com.procurementcache.push.control.Subscriber;
import com.procurementcache.push.control.Subscriptions;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.push.entity.RefreshProgress.OrganizationState;
import com.procurementcache.refresh.control.RefreshStatus.State;
import com.procurementcache.refresh.control.RunHistory;
import com.procurementcache.refresh.control.RunLease;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.OrganizationOutcome.Timing;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import com.procurementcache.schema.ScratchDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' refresh watches on one real PostgreSQL: each reads the runs from the audit trail,
 * whichever node runs them, and tells each organization's subscribers what changed for them.
 */
class RefreshWatchIT {

  static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(5);
  static final Clock CLOCK = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);
  static final Instant AT = CLOCK.instant();

  ScratchDatabase database;
  RunHistory history;
  UUID a;
  UUID b;
  UUID inactive;

  @BeforeEach
  void createDatabase() throws SQLException {
    database = ScratchDatabase.createMigrated("pc_it_push_status");
    history = new RunHistory(database.dataSource());
    a = organization("Watch A", "active");
    b = organization("Watch B", "active");
    inactive = organization("Watch inactive", "inactive");
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    database.close();
  }

  /** A node: its subscriptions and its watch over the shared database. */
  record Node(Subscriptions subscriptions, RefreshWatch watch) {
    Listener follow(UUID organization, boolean admin) {
      Listener listener = new Listener(admin);
      subscriptions.add(organization, listener);
      return listener;
    }
  }

  Node node() {
    Subscriptions subscriptions = new Subscriptions();
    return new Node(
        subscriptions,
        new RefreshWatch(
            new RefreshProgressQuery(new RunHistory(database.dataSource())), subscriptions, CLOCK));
  }

  /** A session: what it was told, in order. */
  static final class Listener implements Subscriber {
    final boolean admin;
    final List<RefreshProgress> told = new CopyOnWriteArrayList<>();

    Listener(boolean admin) {
      this.admin = admin;
    }

    @Override
    public boolean admin() {
      return admin;
    }

    @Override
    public void changed(Change change) {}

    @Override
    public void refreshStatus(RefreshProgress progress) {
      told.add(progress);
    }

    /** What it was told since the last call. */
    List<RefreshProgress> news() {
      List<RefreshProgress> news = List.copyOf(told);
      told.clear();
      return news;
    }
  }

  static RefreshProgress view(
      UUID org, State state, OrganizationState place, UUID run, int done, int total) {
    return new RefreshProgress(org, state, place, run, done, total, AT);
  }

  @Test
  void everyNodeSeesTheRunAndEachOrganizationHearsWhatChangedForIt() throws Exception {
    Node one = node();
    Node two = node();
    Listener viewerA = one.follow(a, false);
    Listener adminA = one.follow(a, true);
    Listener viewerInactive = one.follow(inactive, false);
    Listener viewerB = two.follow(b, false);
    Listener adminB = two.follow(b, true);
    Listener viewerAOnTwo = two.follow(a, false);

    // No run yet: each hears the idle state once.
    one.watch().tick();
    two.watch().tick();
    assertThat(viewerA.news())
        .containsExactly(view(a, State.IDLE, OrganizationState.NONE, null, 0, 0));
    assertThat(viewerB.news())
        .containsExactly(view(b, State.IDLE, OrganizationState.NONE, null, 0, 0));
    List.of(adminA, viewerInactive, adminB, viewerAOnTwo).forEach(Listener::news);

    // Another node (neither of the two) starts a run over every active organization: A and B.
    RunLease lease =
        RunLease.start(
            database.dataSource(), RunTrigger.API, "op", true, List.of(), "three", T0, LEASE);
    UUID run = lease.runId();
    lease.progress("refreshing", 2);
    one.watch().tick();
    two.watch().tick();
    RefreshProgress aPending = view(a, State.UPDATING, OrganizationState.PENDING, run, 0, 2);
    assertThat(viewerA.news()).containsExactly(aPending);
    assertThat(adminA.news()).containsExactly(aPending);
    assertThat(viewerAOnTwo.news()).containsExactly(aPending);
    assertThat(viewerB.news())
        .containsExactly(view(b, State.UPDATING, OrganizationState.PENDING, run, 0, 2));
    assertThat(adminB.news())
        .containsExactly(view(b, State.UPDATING, OrganizationState.PENDING, run, 0, 2));
    assertThat(viewerInactive.news())
        .containsExactly(view(inactive, State.UPDATING, OrganizationState.NONE, run, 0, 2));

    // A is refreshed: A's subscribers hear it on both nodes; of B's, only the admin hears the
    // count move, and the inactive organization's viewer hears nothing.
    record(OrganizationOutcome.refreshed(run, a, 0, timing(), 100, List.of(), null));
    one.watch().tick();
    two.watch().tick();
    RefreshProgress aDone = view(a, State.UPDATING, OrganizationState.DONE, run, 1, 2);
    assertThat(viewerA.news()).containsExactly(aDone);
    assertThat(adminA.news()).containsExactly(aDone);
    assertThat(viewerAOnTwo.news()).containsExactly(aDone);
    assertThat(adminB.news())
        .containsExactly(view(b, State.UPDATING, OrganizationState.PENDING, run, 1, 2));
    assertThat(viewerB.news()).isEmpty();
    assertThat(viewerInactive.news()).isEmpty();

    // Nothing moved: nobody hears anything.
    one.watch().tick();
    two.watch().tick();
    List.of(viewerA, adminA, viewerInactive, viewerB, adminB, viewerAOnTwo)
        .forEach(l -> assertThat(l.news()).isEmpty());

    // B fails and the run ends with errors: everyone hears the end.
    record(OrganizationOutcome.failedError(run, b, 3, timing(), "connection reset"));
    assertThat(lease.finish(RunStatus.COMPLETED_WITH_ERRORS, null, T0.plusSeconds(20))).isTrue();
    one.watch().tick();
    two.watch().tick();
    RefreshProgress aEnd = view(a, State.ERROR, OrganizationState.DONE, run, 2, 2);
    RefreshProgress bEnd = view(b, State.ERROR, OrganizationState.FAILED, run, 2, 2);
    assertThat(viewerA.news()).containsExactly(aEnd);
    assertThat(viewerAOnTwo.news()).containsExactly(aEnd);
    assertThat(viewerB.news()).containsExactly(bEnd);
    assertThat(adminB.news()).containsExactly(bEnd);
    assertThat(viewerInactive.news())
        .containsExactly(view(inactive, State.ERROR, OrganizationState.NONE, run, 2, 2));

    // A new subscriber asks for the current state; the next tick tells it nothing new.
    Node three = node();
    Listener late = three.follow(b, false);
    assertThat(three.watch().current(b)).isEqualTo(bEnd);
    three.watch().tick();
    assertThat(late.news()).isEmpty();
  }

  @Test
  void aRunOfChosenOrganizationsCoversThemOnlyInactiveOnesIncluded() throws Exception {
    RunLease lease =
        RunLease.start(
            database.dataSource(),
            RunTrigger.JMX,
            "op",
            true,
            List.of(b, inactive),
            "three",
            T0,
            LEASE);
    lease.progress("refreshing", 2);
    RefreshWatch watch = node().watch();
    UUID run = lease.runId();
    assertThat(watch.current(a))
        .isEqualTo(view(a, State.UPDATING, OrganizationState.NONE, run, 0, 2));
    assertThat(watch.current(b))
        .isEqualTo(view(b, State.UPDATING, OrganizationState.PENDING, run, 0, 2));
    assertThat(watch.current(inactive))
        .isEqualTo(view(inactive, State.UPDATING, OrganizationState.PENDING, run, 0, 2));
    UUID unknown = UUID.randomUUID();
    assertThat(watch.current(unknown))
        .isEqualTo(view(unknown, State.UPDATING, OrganizationState.NONE, run, 0, 2));
  }

  @Test
  void aRunUnderWayIsShownRatherThanANewerOneThatEnded() throws Exception {
    RunLease nightly =
        RunLease.start(
            database.dataSource(), RunTrigger.API, "op", true, List.of(), "one", T0, LEASE);
    nightly.progress("refreshing", 2);
    RunLease single =
        RunLease.start(
            database.dataSource(),
            RunTrigger.JMX,
            "op",
            true,
            List.of(a),
            "two",
            T0.plusSeconds(5),
            LEASE);
    single.progress("refreshing", 1);
    record(OrganizationOutcome.refreshed(single.runId(), a, 0, timing(), 100, List.of(), null));
    assertThat(single.finish(RunStatus.COMPLETED, null, T0.plusSeconds(8))).isTrue();

    assertThat(history.shown().orElseThrow().id()).isEqualTo(nightly.runId());
    RefreshWatch watch = node().watch();
    assertThat(watch.current(a))
        .isEqualTo(view(a, State.UPDATING, OrganizationState.PENDING, nightly.runId(), 0, 2));

    assertThat(nightly.finish(RunStatus.FAILED, "gave up", T0.plusSeconds(9))).isTrue();
    // Both ended: the newest is shown.
    assertThat(watch.current(a))
        .isEqualTo(view(a, State.COMPLETED, OrganizationState.DONE, single.runId(), 1, 1));
  }

  static Timing timing() {
    return new Timing(T0.plusSeconds(1), T0.plusSeconds(2), 1000);
  }

  void record(OrganizationOutcome outcome) throws SQLException {
    try (Connection c = database.connect()) {
      history.recordOutcome(c, outcome);
    }
  }

  UUID organization(String name, String status) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement("INSERT INTO organizations (id, name, status) VALUES (?, ?, ?)")) {
      s.setObject(1, id);
      s.setString(2, name);
      s.setString(3, status);
      s.executeUpdate();
    }
    return id;
  }
}
