package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.analytics.control.AnalyticsComputation;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.refresh.RefreshNodes.Node;
import com.procurementcache.refresh.control.LeaseLost;
import com.procurementcache.refresh.control.NightWatch;
import com.procurementcache.refresh.control.OrganizationRefresher;
import com.procurementcache.refresh.control.RefreshEngine;
import com.procurementcache.refresh.control.RefreshSettings;
import com.procurementcache.refresh.control.RunLease;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refresh engine against a real PostgreSQL: two nodes share one database and a simulated clock
 * that plays whole nights.
 */
class RefreshEngineIT {

  static final Instant SUMMER_NIGHT = Instant.parse("2026-07-01T00:00:00Z"); // 02:00 Copenhagen

  RefreshDatabase db;
  SimulatedClock clock;
  List<Node> nodes = new ArrayList<>();

  @BeforeEach
  void createDatabase() throws Exception {
    db = RefreshDatabase.create();
    clock = new SimulatedClock(SUMMER_NIGHT);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    nodes.forEach(Node::close);
    db.close();
  }

  Node node(String name, RefreshSettings settings) {
    Node node = new Node(name, db, settings, clock);
    nodes.add(node);
    return node;
  }

  Node node(String name) {
    return node(name, RefreshNodes.settings());
  }

  /** Voids one invoice of the organization, setting {@code alsoSet} on the row as well. */
  private void voidOneInvoice(UUID organization, String alsoSet) throws SQLException {
    db.execute(
        "UPDATE invoices SET status = 'void'"
            + alsoSet
            + " WHERE id = (SELECT id FROM invoices WHERE organization_id = '%s'"
                .formatted(organization)
            + " AND status <> 'void' ORDER BY id LIMIT 1)");
  }

  @Test
  void exactlyOneRunPerNightAcrossTwoNodesOverManySimulatedNightsIncludingBothDaylightSavingDays()
      throws Exception {
    Node a = node("a");
    Node b = node("b");
    var schedule = RefreshNodes.settings().schedule();
    List<LocalDate> nights = new ArrayList<>();
    nights.addAll(dates(LocalDate.of(2026, 3, 24), LocalDate.of(2026, 4, 2)));
    nights.addAll(dates(LocalDate.of(2026, 10, 21), LocalDate.of(2026, 10, 30)));
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      for (LocalDate night : nights) {
        Instant fire = schedule.nextAfter(night.atStartOfDay(RefreshNodes.COPENHAGEN).toInstant());
        assertThat(schedule.nightOf(fire)).isEqualTo(night);
        // Both nodes' timers fire (give or take a second), and the watch ticks a little later.
        clock.set(fire.plusSeconds(1));
        tickTogether(both, a, b);
        clock.set(fire.plusSeconds(16));
        tickTogether(both, a, b);
        // The repeated 02:00 of the last Sunday of October: timers may fire again an hour later.
        clock.set(fire.plus(Duration.ofHours(1)).plusSeconds(1));
        tickTogether(both, a, b);
        // A watch tick in the afternoon finds nothing to do.
        clock.set(fire.plus(Duration.ofHours(12)));
        tickTogether(both, a, b);
      }
    } finally {
      both.shutdownNow();
    }
    assertThat(nights).contains(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 10, 25));
    assertThat(
            db.count(
                "SELECT count(*) FROM refresh_runs WHERE status = 'completed'"
                    + " AND trigger = 'schedule'"))
        .isEqualTo(nights.size());
    assertThat(db.count("SELECT count(*) FROM refresh_runs")).isEqualTo(nights.size());
    assertThat(db.count("SELECT count(DISTINCT scheduled_night) FROM refresh_runs"))
        .isEqualTo(nights.size());
    int active = db.activeOrganizations().size();
    assertThat(db.count("SELECT count(*) FROM refresh_outcomes WHERE outcome = 'refreshed'"))
        .isEqualTo((long) nights.size() * active);
    assertThat(db.count("SELECT min(version) FROM analytics_snapshots")).isEqualTo(nights.size());
    assertThat(a.events.runs.size() + b.events.runs.size()).isEqualTo(nights.size());
  }

  @Test
  void anotherNodeTakesOverAnAbandonedRunAndFinishesEveryOrganizationOnce() throws Exception {
    Node a = node("a");
    Node b = node("b");
    var claimed = (NightWatch.Claimed) a.watch.checkSchedule();
    RefreshEngine.Execution execution = a.engine.prepare(claimed.lease());
    a.events.afterOrganization =
        o -> {
          if (a.events.finished.size() == 2) {
            execution.halt(); // the node dies after two organizations
          }
        };
    assertThat(a.engine.run(execution)).isEmpty();
    assertThat(b.tick()).isEmpty(); // the lease still holds

    clock.advance(Duration.ofSeconds(31));
    Optional<RunReport> finished = b.tick();

    assertThat(finished).isPresent();
    RunReport run = finished.get();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.leaseOwner()).isEqualTo("b");
    assertThat(run.fencingToken()).isEqualTo(2);
    int active = db.activeOrganizations().size();
    assertThat(run.count(Outcome.REFRESHED)).isEqualTo(active);
    assertThat(a.events.finished).hasSize(2);
    assertThat(b.events.finished).hasSize(active - 2);
    assertThat(db.count("SELECT max(version) FROM analytics_snapshots")).isEqualTo(1);
  }

  @Test
  void aNodeWhoseLeaseWasTakenOverCannotPublish() throws Exception {
    RefreshSettings settings = RefreshNodes.settings();
    Node a = node("a", settings);
    Node b = node("b", settings);
    RunLease lease = ((NightWatch.Claimed) a.watch.checkSchedule()).lease();
    clock.advance(Duration.ofSeconds(31)); // a stalls (GC pause, partition) past its lease
    assertThat(b.watch.takeOverAbandoned()).isPresent();

    UUID organization = db.activeOrganizations().get(0);
    var refresher =
        new OrganizationRefresher(a.history, new AnalyticsComputation(), settings, clock);
    assertThatThrownBy(
            () ->
                new JdbcTransactions(db.dataSource())
                    .inNewTransaction(
                        c ->
                            refresher.refresh(
                                c,
                                lease,
                                organization,
                                true,
                                0,
                                ChangeReason.NIGHTLY_REFRESH,
                                clock.instant().plus(settings.timeout()),
                                e -> {})))
        .isInstanceOf(LeaseLost.class)
        .hasMessageContaining("taken over by b");
    assertThat(db.count("SELECT count(*) FROM analytics_snapshots")).isZero();
    assertThat(db.count("SELECT count(*) FROM dashboard_metrics")).isZero();
    assertThat(db.count("SELECT count(*) FROM refresh_outcomes")).isZero();
    assertThat(lease.renew(clock.instant())).isFalse();
  }

  @Test
  void skipsOrganizationsRefreshedWithinMinAgeUnlessForced() throws Exception {
    Node a = node("a");
    int active = db.activeOrganizations().size();
    assertThat(manualRun(a, false).count(Outcome.REFRESHED)).isEqualTo(active);

    clock.advance(Duration.ofHours(1));
    RunReport fresh = manualRun(a, false);
    assertThat(fresh.count(Outcome.SKIPPED_FRESH)).isEqualTo(active);
    assertThat(fresh.status()).isEqualTo(RunStatus.COMPLETED);

    RunReport forced = manualRun(a, true);
    assertThat(forced.count(Outcome.REFRESHED)).isEqualTo(active);
    assertThat(db.count("SELECT min(version) FROM analytics_snapshots")).isEqualTo(2);
  }

  @Test
  void anOrganizationWhoseSourceChangedIsRefreshedEvenWithinMinAge() throws Exception {
    Node a = node("a");
    manualRun(a, true);
    UUID changed = db.activeOrganizations().get(2);
    voidOneInvoice(changed, ", updated_at = now()");
    clock.advance(Duration.ofHours(1));

    RunReport run = manualRun(a, false);

    assertThat(outcome(run, changed).outcome()).isEqualTo(Outcome.REFRESHED);
    assertThat(run.count(Outcome.SKIPPED_FRESH)).isEqualTo(db.activeOrganizations().size() - 1);
    assertThat(version(changed)).isEqualTo(2);
  }

  @Test
  void aChangeWhoseWriterLeftUpdatedAtAloneIsStillNoticed() throws Exception {
    Node a = node("a");
    manualRun(a, true);
    UUID voided = db.activeOrganizations().get(1);
    UUID requantified = db.activeOrganizations().get(3);
    // Neither write moves the organization's latest updated_at: only the content changes.
    voidOneInvoice(voided, "");
    db.execute(
        "UPDATE invoice_lines SET quantity = quantity * 2, unit_price = unit_price / 2"
            + " WHERE id = (SELECT min(id) FROM invoice_lines WHERE organization_id = '%s')"
                .formatted(requantified));
    clock.advance(Duration.ofHours(1));

    RunReport run = manualRun(a, false);

    assertThat(outcome(run, voided).outcome()).isEqualTo(Outcome.REFRESHED);
    assertThat(outcome(run, requantified).outcome()).isEqualTo(Outcome.REFRESHED);
    assertThat(run.count(Outcome.SKIPPED_FRESH)).isEqualTo(db.activeOrganizations().size() - 2);
  }

  @Test
  void failedValidationRollsBackOnlyThatOrganizationAndKeepsItsLastGoodData() throws Exception {
    Node a = node("a");
    manualRun(a, true);
    UUID broken = db.activeOrganizations().get(1);
    db.execute(
        """
        INSERT INTO invoice_lines (invoice_id, organization_id, line_number, product_id,
                                   quantity, unit_price, amount)
        SELECT i.id, i.organization_id, 999, p.id, 1, 0, -50
        FROM invoices i JOIN products p ON p.organization_id = i.organization_id
        WHERE i.organization_id = '%s' AND i.status <> 'void'
        LIMIT 1
        """
            .formatted(broken));
    clock.advance(Duration.ofHours(13));
    a.events.published.clear();

    RunReport run = manualRun(a, false);

    int active = db.activeOrganizations().size();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    assertThat(run.count(Outcome.FAILED_VALIDATION)).isEqualTo(1);
    assertThat(run.count(Outcome.REFRESHED)).isEqualTo(active - 1);
    assertThat(version(broken)).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM analytics_snapshots WHERE version = 2"))
        .isEqualTo(active - 1);
    assertThat(a.events.published).noneMatch(e -> e.organizationId().equals(broken));
    OrganizationOutcome outcome = outcome(run, broken);
    assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED_VALIDATION);
    assertThat(outcome.error()).contains("business");
  }

  @Test
  void retriesAnOrganizationThenRecordsTheFailure() throws Exception {
    Node a =
        node(
            "a",
            RefreshNodes.settings(
                s -> {
                  s.maxRetries = 2;
                  s.lockTimeout = Duration.ofMillis(100);
                }));
    UUID locked = db.activeOrganizations().get(0);
    try (Connection holder = db.dataSource().getConnection();
        PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, OrganizationRefresher.lockKey(locked));
      lock.execute(); // another refresh of this organization holds it up

      RunReport run = manualRun(a, true);

      OrganizationOutcome outcome = outcome(run, locked);
      assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED_ERROR);
      assertThat(outcome.retries()).isEqualTo(2);
      // In neutral words for the admin's run details: neither the driver's text nor its class.
      assertThat(outcome.error())
          .isEqualTo("database: lock timeout (SQLSTATE 55P03)")
          .doesNotContain("PSQLException", "ERROR:");
      assertThat(run.count(Outcome.REFRESHED)).isEqualTo(db.activeOrganizations().size() - 1);
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    }
  }

  @Test
  void aRunPastItsTimeoutReportsWhatItDidNotDo() throws Exception {
    Node a =
        node(
            "a",
            RefreshNodes.settings(
                s -> {
                  s.timeout = Duration.ofMinutes(2);
                  s.leaseDuration = Duration.ofHours(2);
                }));
    clock.tickOnEveryRead(Duration.ofSeconds(20));

    RunReport run = manualRun(a, true);

    int active = db.activeOrganizations().size();
    assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
    assertThat(run.count(Outcome.TIMED_OUT)).isPositive();
    assertThat(run.count(Outcome.REFRESHED) + run.count(Outcome.TIMED_OUT)).isEqualTo(active);
    assertThat(run.organizationsDone()).isEqualTo(active);
    assertThat(run.error()).contains("not done within the timeout");
  }

  @Test
  void aMissedNightIsCaughtUpWithinTheWindowAndRecordedAsMissedAfterIt() throws Exception {
    Node a = node("a");
    // A first night runs on schedule.
    assertThat(a.tick()).isPresent();
    // All nodes were down at 02:00; one starts at 05:00: within the six-hour window.
    clock.set(SUMMER_NIGHT.plus(Duration.ofDays(1)).plus(Duration.ofHours(3)));
    RunReport caughtUp = a.tick().orElseThrow();
    assertThat(caughtUp.trigger()).isEqualTo(RunTrigger.CATCH_UP);
    assertThat(caughtUp.scheduledNight()).isEqualTo(LocalDate.of(2026, 7, 2));
    // The next night nobody is up until 10:00: too late, recorded once as missed.
    clock.set(SUMMER_NIGHT.plus(Duration.ofDays(2)).plus(Duration.ofHours(8)));
    assertThat(a.watch.checkSchedule()).isInstanceOf(NightWatch.Missed.class);
    assertThat(a.watch.checkSchedule()).isInstanceOf(NightWatch.Idle.class);
    assertThat(
            db.count(
                "SELECT count(*) FROM refresh_runs WHERE status = 'missed'"
                    + " AND scheduled_night = DATE '2026-07-03'"))
        .isEqualTo(1);
  }

  @Test
  void aNewInstallationCatchesUpAtOnceWhateverTheWindow() throws Exception {
    Node a = node("a");
    clock.set(SUMMER_NIGHT.plus(Duration.ofHours(10)));
    RunReport first = a.tick().orElseThrow();
    assertThat(first.trigger()).isEqualTo(RunTrigger.CATCH_UP);
    assertThat(first.status()).isEqualTo(RunStatus.COMPLETED);
  }

  RunReport manualRun(Node node, boolean force) throws Exception {
    RunLease lease = node.startRun(force, clock.instant(), Duration.ofMinutes(5));
    return node.engine.run(node.engine.prepare(lease)).orElseThrow();
  }

  OrganizationOutcome outcome(RunReport run, UUID organization) throws Exception {
    return nodes.get(0).history.outcomes(run.id()).stream()
        .filter(o -> o.organizationId().equals(organization))
        .findFirst()
        .orElseThrow();
  }

  long version(UUID organization) throws Exception {
    return db.count(
        "SELECT version FROM analytics_snapshots WHERE organization_id = '" + organization + "'");
  }

  static void tickTogether(ExecutorService pool, Node a, Node b) throws Exception {
    Future<?> fa = pool.submit(() -> a.tick());
    Future<?> fb = pool.submit(() -> b.tick());
    fa.get();
    fb.get();
  }

  static List<LocalDate> dates(LocalDate from, LocalDate to) {
    return from.datesUntil(to.plusDays(1)).toList();
  }
}
