package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.refresh.RefreshNodes.Node;
import com.procurementcache.refresh.control.NightWatch;
import com.procurementcache.refresh.control.OrganizationRefresher;
import com.procurementcache.refresh.control.RefreshEngine;
import com.procurementcache.refresh.control.RefreshSettings;
import com.procurementcache.refresh.control.RunLease;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run that changes hands, against a real PostgreSQL and a simulated clock: the deadline of the
 * node that takes it over, and a node whose thread is interrupted while it backs off a retry.
 */
class RefreshTakeoverIT {

  RefreshDatabase db;
  SimulatedClock clock;
  Node a;
  Node b;

  @BeforeEach
  void createDatabase() throws Exception {
    db = RefreshDatabase.create();
    clock = new SimulatedClock(RefreshEngineIT.SUMMER_NIGHT);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    for (Node node : new Node[] {a, b}) {
      if (node != null) {
        node.close();
      }
    }
    db.close();
  }

  void nodes(RefreshSettings settings) {
    a = new Node("a", db, settings, clock);
    b = new Node("b", db, settings, clock);
  }

  @Test
  void aNodeThatTakesOverAfterTheFirstNodesDeadlineHasTheTimeoutFromTheTakeover() throws Exception {
    nodes(RefreshNodes.settings(s -> s.timeout = Duration.ofMinutes(30)));
    var claimed = (NightWatch.Claimed) a.watch.checkSchedule();
    RefreshEngine.Execution execution = a.engine.prepare(claimed.lease());
    a.events.afterOrganization =
        o -> {
          if (a.events.finished.size() == 2) {
            execution.halt(); // the node stalls after two organizations
          }
        };
    assertThat(a.engine.run(execution)).isEmpty();
    // b notices only after the run's first 30 minutes are over.
    clock.advance(Duration.ofMinutes(31));

    RunReport run = b.tick().orElseThrow();

    int active = db.activeOrganizations().size();
    assertThat(run.leaseOwner()).isEqualTo("b");
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.count(Outcome.REFRESHED)).isEqualTo(active);
    assertThat(run.count(Outcome.TIMED_OUT)).isZero();
    assertThat(b.events.finished).hasSize(active - 2);
  }

  @Test
  void aTakenOverRunStillTimesOutOneTimeoutAfterTheTakeover() throws Exception {
    nodes(
        RefreshNodes.settings(
            s -> {
              s.timeout = Duration.ofMinutes(2);
              s.leaseDuration = Duration.ofHours(2);
            }));
    var claimed = (NightWatch.Claimed) a.watch.checkSchedule();
    RefreshEngine.Execution execution = a.engine.prepare(claimed.lease());
    a.events.afterOrganization = o -> execution.halt(); // stalls after one organization
    assertThat(a.engine.run(execution)).isEmpty();
    clock.advance(Duration.ofHours(2).plusMinutes(1));
    // From the takeover on, each read of the clock is 20 seconds later: b cannot do them all.
    b.events.afterOrganization = o -> clock.tickOnEveryRead(Duration.ofSeconds(20));

    RunReport run = b.tick().orElseThrow();

    assertThat(run.leaseOwner()).isEqualTo("b");
    assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
    assertThat(run.count(Outcome.REFRESHED)).isGreaterThanOrEqualTo(2); // a's one, b's first
    assertThat(run.count(Outcome.TIMED_OUT)).isPositive();
    assertThat(run.error()).contains("not done within the timeout of PT2M");
  }

  @Test
  void anInterruptedRetryBackoffLeavesTheOrganizationToAnotherNodeAndKeepsTheInterrupt()
      throws Exception {
    nodes(
        RefreshNodes.settings(
            s -> {
              s.maxRetries = 3;
              s.lockTimeout = Duration.ofMillis(100);
              s.retryBackoff = Duration.ofHours(1); // a retry is far off: the test interrupts it
            }));
    UUID locked = db.activeOrganizations().get(0);
    RunLease lease = a.startRun(true, clock.instant(), Duration.ofMinutes(5));
    AtomicReference<Optional<RunReport>> result = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    try (Connection holder = db.dataSource().getConnection();
        PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, OrganizationRefresher.lockKey(locked));
      lock.execute(); // another refresh of this organization holds it up
      Thread worker =
          new Thread(
              () -> {
                try {
                  result.set(a.engine.run(a.engine.prepare(lease)));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              });
      worker.start();
      // Its first attempt failed on the lock; it now sleeps before the retry.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> worker.getState() == Thread.State.TIMED_WAITING);

      worker.interrupt();
      worker.join(Duration.ofSeconds(10).toMillis());

      assertThat(worker.isAlive()).isFalse();
      assertThat(result.get()).isEmpty(); // left to another node
      assertThat(stillInterrupted).isTrue();
      assertThat(a.history.find(lease.runId()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
      assertThat(outcomes(lease)).noneMatch(o -> o.organizationId().equals(locked));
    }

    clock.advance(Duration.ofMinutes(6)); // a's lease runs out
    RunReport run = b.tick().orElseThrow();

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.count(Outcome.REFRESHED)).isEqualTo(db.activeOrganizations().size());
    OrganizationOutcome retried = outcome(lease, locked);
    assertThat(retried.outcome()).isEqualTo(Outcome.REFRESHED);
  }

  @Test
  void
      anOrganizationHeldUpForManyHeartbeatsIsPublishedAtItsFirstAttemptAndNoNodeTakesTheRunMeanwhile()
          throws Exception {
    nodes(
        RefreshNodes.settings(
            s -> {
              s.maxRetries = 0; // a failed attempt would be the organization's outcome
              s.heartbeatInterval = Duration.ofMillis(50);
            }));
    UUID slow = db.activeOrganizations().get(0);
    RunLease lease = a.startRun(true, clock.instant(), Duration.ofSeconds(30));
    AtomicReference<Optional<RunReport>> result = new AtomicReference<>();
    Thread worker;
    try (Connection holder = db.dataSource().getConnection();
        PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)");
        PreparedStatement unlock = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      lock.setLong(1, OrganizationRefresher.lockKey(slow));
      lock.execute(); // holds the organization's refresh up inside its transaction
      worker =
          new Thread(
              () -> {
                try {
                  result.set(a.engine.run(a.engine.prepare(lease)));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      worker.start();
      // Held up for at least twenty heartbeat intervals, each renewing the lease.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.count(
                          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                              + " AND wait_event = 'advisory'"
                              + " AND now() - query_start > interval '1 second'")
                      == 1);
      // Past the lease's duration, another node still cannot take the run: its node is working.
      clock.advance(Duration.ofSeconds(31));
      assertThat(b.watch.takeOverAbandoned()).isEmpty();
      unlock.setLong(1, OrganizationRefresher.lockKey(slow));
      unlock.execute();
    }
    worker.join(Duration.ofSeconds(30).toMillis());

    RunReport run = result.get().orElseThrow();
    assertThat(run.leaseOwner()).isEqualTo("a");
    assertThat(run.fencingToken()).isEqualTo(1);
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.count(Outcome.REFRESHED)).isEqualTo(db.activeOrganizations().size());
    OrganizationOutcome heldUp = outcome(lease, slow);
    assertThat(heldUp.outcome()).isEqualTo(Outcome.REFRESHED);
    assertThat(heldUp.retries()).isZero();
  }

  List<OrganizationOutcome> outcomes(RunLease lease) throws Exception {
    return b.history.outcomes(lease.runId());
  }

  OrganizationOutcome outcome(RunLease lease, UUID organization) throws Exception {
    return outcomes(lease).stream()
        .filter(o -> o.organizationId().equals(organization))
        .findFirst()
        .orElseThrow();
  }
}
