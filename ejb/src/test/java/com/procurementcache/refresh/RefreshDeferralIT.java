package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.refresh.RefreshNodes.Node;
import com.procurementcache.refresh.control.LoadProbe;
import com.procurementcache.refresh.control.RefreshSettings;
import com.procurementcache.refresh.control.RunLease;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run that defers to readers, against a real PostgreSQL: the test dictates the load the engine
 * measures and moves the clock the run's window is counted in.
 */
class RefreshDeferralIT {

  static final String WAITING_FOR_READERS =
      "waiting for readers: 1,240 requests/s on this node (defers above 50)";

  RefreshDatabase db;
  SimulatedClock clock;
  Node node;

  @BeforeEach
  void createDatabase() throws Exception {
    db = RefreshDatabase.create();
    clock = new SimulatedClock(RefreshEngineIT.SUMMER_NIGHT);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (node != null) {
      node.close();
    }
    db.close();
  }

  Node node(RefreshSettings settings) {
    node = new Node("a", db, settings, clock);
    return node;
  }

  Future<Optional<RunReport>> runInBackground(RunLease lease) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return node.engine.run(node.engine.prepare(lease));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  String phase(RunLease lease) throws Exception {
    return node.history.find(lease.runId()).orElseThrow().phase();
  }

  int done(RunLease lease) throws Exception {
    return node.history.find(lease.runId()).orElseThrow().organizationsDone();
  }

  @Test
  void waitsForReadersBeforeItsFirstOrganizationSaysWhyAndResumesWhenTheyLeave() throws Exception {
    Node a = node(RefreshNodes.settings());
    int active = db.activeOrganizations().size();
    // An earlier run leaves the mean time of an organization: the next run knows its budget.
    a.engine.run(a.engine.prepare(a.startRun(true, clock.instant(), Duration.ofMinutes(5))));
    a.load = LoadProbe.Load.readers(1240);

    RunLease lease = a.startRun(true, clock.instant(), Duration.ofMinutes(5));
    Future<Optional<RunReport>> running = runInBackground(lease);

    await().atMost(Duration.ofSeconds(10)).until(() -> phase(lease).equals(WAITING_FOR_READERS));
    assertThat(done(lease)).isZero();

    a.load = LoadProbe.Load.calm();
    RunReport run = running.get().orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.count(Outcome.REFRESHED)).isEqualTo(active);
  }

  @Test
  void onANewInstallationTimesOneOrganizationBeforeItWaits() throws Exception {
    Node a = node(RefreshNodes.settings());
    List<String> phasesAtEachOrganization = new CopyOnWriteArrayList<>();
    AtomicReference<RunLease> current = new AtomicReference<>();
    a.events.afterOrganization = o -> phasesAtEachOrganization.add(phaseOrError(current.get()));
    a.load = LoadProbe.Load.readers(1240);

    RunLease lease = a.startRun(true, clock.instant(), Duration.ofMinutes(5));
    current.set(lease);
    Future<Optional<RunReport>> running = runInBackground(lease);

    await().atMost(Duration.ofSeconds(10)).until(() -> phase(lease).equals(WAITING_FOR_READERS));
    assertThat(done(lease)).isEqualTo(1);
    assertThat(phasesAtEachOrganization)
        .containsExactly("refreshing despite readers: timing a first organization");

    a.load = LoadProbe.Load.calm();
    assertThat(running.get().orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(phasesAtEachOrganization).last().isEqualTo("refreshing batch 2 of 2");
  }

  @Test
  void goesOnDespiteReadersWhenItsWindowClosesAndStillFinishesInTime() throws Exception {
    Duration timeout = Duration.ofMinutes(10);
    Node a =
        node(
            RefreshNodes.settings(
                s -> {
                  s.timeout = timeout;
                  s.margin = Duration.ofMinutes(1);
                  s.leaseDuration = Duration.ofHours(2);
                }));
    int active = db.activeOrganizations().size();
    List<String> phasesAtEachOrganization = new CopyOnWriteArrayList<>();
    AtomicReference<RunLease> current = new AtomicReference<>();
    a.events.afterOrganization = o -> phasesAtEachOrganization.add(phaseOrError(current.get()));
    a.load = LoadProbe.Load.readers(1240); // and it never ends
    RunLease lease = a.startRun(true, clock.instant(), Duration.ofHours(2));
    current.set(lease);
    clock.tickOnEveryRead(Duration.ofSeconds(1));

    RunReport run = a.engine.run(a.engine.prepare(lease)).orElseThrow();

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.count(Outcome.REFRESHED)).isEqualTo(active);
    assertThat(run.endedAt()).isBefore(run.startedAt().plus(timeout));
    // It deferred first: most of the window went by before it went on.
    assertThat(Duration.between(run.startedAt(), run.endedAt()))
        .isGreaterThan(timeout.dividedBy(2));
    assertThat(phasesAtEachOrganization)
        .hasSize(active)
        .first()
        .isEqualTo("refreshing despite readers: timing a first organization");
    assertThat(phasesAtEachOrganization.subList(1, active))
        .containsOnly("refreshing despite readers: window closing");
  }

  @Test
  void anInterruptedWaitLeavesTheRunAndKeepsTheInterrupt() throws Exception {
    Node a = node(RefreshNodes.settings());
    a.engine.run(a.engine.prepare(a.startRun(true, clock.instant(), Duration.ofMinutes(5))));
    a.load = LoadProbe.Load.readers(1240);
    RunLease lease = a.startRun(true, clock.instant(), Duration.ofMinutes(5));
    AtomicReference<Optional<RunReport>> result = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
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
    await().atMost(Duration.ofSeconds(10)).until(() -> phase(lease).equals(WAITING_FOR_READERS));

    worker.interrupt();
    worker.join(Duration.ofSeconds(10).toMillis());

    assertThat(worker.isAlive()).isFalse();
    assertThat(result.get()).isEmpty(); // left to another node: the run is not finished here
    assertThat(stillInterrupted).isTrue();
    assertThat(node.history.find(lease.runId()).orElseThrow().status())
        .isEqualTo(RunStatus.RUNNING);
    assertThat(done(lease)).isZero();
  }

  @Test
  void withWaitingSwitchedOffItDoesNotDefer() throws Exception {
    Node a = node(RefreshNodes.settings(s -> s.waitIfHighLoad = false));
    a.load = LoadProbe.Load.readers(100_000);

    RunLease lease = a.startRun(true, clock.instant(), Duration.ofMinutes(5));
    RunReport run = a.engine.run(a.engine.prepare(lease)).orElseThrow();

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.count(Outcome.REFRESHED)).isEqualTo(db.activeOrganizations().size());
  }

  @Test
  void aRunThatDefersHoldsOneDatabaseConnectionAtATime() throws Exception {
    ConnectionCounter connections = new ConnectionCounter(db.dataSource());
    node = new Node("a", db, connections.dataSource(), RefreshNodes.settings(), clock);
    node.engine.run(
        node.engine.prepare(node.startRun(true, clock.instant(), Duration.ofMinutes(5))));
    node.load = LoadProbe.Load.readers(1240);
    RunLease lease = node.startRun(true, clock.instant(), Duration.ofMinutes(5));
    Future<Optional<RunReport>> running = runInBackground(lease);
    await().atMost(Duration.ofSeconds(10)).until(() -> phase(lease).equals(WAITING_FOR_READERS));
    node.load = LoadProbe.Load.calm();

    assertThat(running.get().orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    // The run's thread, and the heartbeat's, never held two connections at once.
    assertThat(connections.mostOnOneThread()).isEqualTo(1);
  }

  private String phaseOrError(RunLease lease) {
    try {
      return phase(lease);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
