package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.RunReport;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a leased refresh run to its end: the organizations in batches, each in its own transaction
 * with retries, waiting while the system is loaded, within the run's timeout; renews the lease
 * while it works and stops at once when it loses it. Whatever is not done is recorded as such.
 */
public class RefreshEngine {

  private static final Logger LOG = Logger.getLogger(RefreshEngine.class.getName());

  private final RunLedger ledger;
  private final OrganizationRefresher refresher;
  private final Transactions transactions;
  private final LoadProbe load;
  private final RefreshSettings settings;
  private final Clock clock;
  private final ScheduledExecutorService heartbeats;
  private final RefreshEvents events;

  public RefreshEngine(
      RunLedger ledger,
      OrganizationRefresher refresher,
      Transactions transactions,
      LoadProbe load,
      RefreshSettings settings,
      Clock clock,
      ScheduledExecutorService heartbeats,
      RefreshEvents events) {
    this.ledger = ledger;
    this.refresher = refresher;
    this.transactions = transactions;
    this.load = load;
    this.settings = settings;
    this.clock = clock;
    this.heartbeats = heartbeats;
    this.events = events;
  }

  /** A run in progress on this node; {@link #halt()} stops it between two organizations. */
  public final class Execution {

    private final Lease lease;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicBoolean halted = new AtomicBoolean();

    Execution(Lease lease) {
      this.lease = lease;
    }

    public Lease lease() {
      return lease;
    }

    /**
     * Stops working on the run after the current organization, without ending it: the lease runs
     * out and another node takes the run over and finishes it.
     */
    public void halt() {
      halted.set(true);
    }

    boolean stopped() {
      return lost.get() || halted.get();
    }
  }

  public Execution prepare(Lease lease) {
    return new Execution(lease);
  }

  /** Runs the leased run to its end; the report is empty when this node lost or left the run. */
  public java.util.Optional<RunReport> run(Execution execution) throws SQLException {
    Lease lease = execution.lease;
    RunReport run =
        ledger.find(lease.runId()).orElseThrow(() -> new IllegalStateException("no run " + lease));
    Instant deadline = run.startedAt().plus(settings.timeout());
    String reason =
        "api".equals(run.trigger()) || "jmx".equals(run.trigger())
            ? "manual_refresh"
            : "nightly_refresh";
    Duration interval = settings.heartbeatInterval();
    ScheduledFuture<?> heartbeat =
        heartbeats.scheduleWithFixedDelay(
            () -> renew(execution),
            interval.toMillis(),
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      List<UUID> pending = ledger.pendingOrganizations(lease.runId());
      ledger.progress(lease, "refreshing", run.organizationsDone() + pending.size());
      LOG.log(
          Level.INFO,
          "Refresh run {0} ({1}) on {2}: {3} organizations to do",
          new Object[] {lease.runId(), run.trigger(), lease.node(), pending.size()});
      boolean timedOut = false;
      int batches = (pending.size() + settings.batchSize() - 1) / settings.batchSize();
      outer:
      for (int b = 0; b < batches; b++) {
        List<UUID> batch =
            pending.subList(
                b * settings.batchSize(), Math.min(pending.size(), (b + 1) * settings.batchSize()));
        if (!waitForLoad(execution, deadline, b + 1, batches)) {
          timedOut = !execution.stopped();
          break;
        }
        for (UUID organization : batch) {
          if (execution.stopped()) {
            break outer;
          }
          if (!clock.instant().isBefore(deadline)) {
            timedOut = true;
            break outer;
          }
          refreshWithRetries(execution, organization, run.forced(), reason, deadline);
        }
      }
      if (execution.stopped()) {
        LOG.log(
            Level.WARNING,
            "Refresh run {0}: this node ({1}) stopped working on it ({2})",
            new Object[] {
              lease.runId(), lease.node(), execution.lost.get() ? "lease lost" : "halted"
            });
        return java.util.Optional.empty();
      }
      List<UUID> left = timedOut ? ledger.pendingOrganizations(lease.runId()) : List.of();
      if (!left.isEmpty()) {
        recordTimedOut(lease, left);
      }
      RunReport counted = ledger.find(lease.runId()).orElseThrow();
      String status =
          timedOut
              ? "timed-out"
              : counted.count("failed-validation") + counted.count("failed-error") > 0
                  ? "completed-with-errors"
                  : "completed";
      String error =
          timedOut
              ? left.size() + " organizations not done within the timeout of " + settings.timeout()
              : null;
      if (!ledger.finish(lease, status, error, clock.instant())) {
        LOG.log(Level.WARNING, "Refresh run {0}: lost the lease before finishing", lease.runId());
        return java.util.Optional.empty();
      }
      RunReport report = ledger.find(lease.runId()).orElseThrow();
      LOG.log(
          Level.INFO,
          "Refresh run {0} {1}: {2}",
          new Object[] {lease.runId(), status, report.outcomes()});
      events.runFinished(report);
      return java.util.Optional.of(report);
    } catch (LeaseLost e) {
      LOG.log(Level.WARNING, "Refresh run {0}: {1}", new Object[] {lease.runId(), e.getMessage()});
      return java.util.Optional.empty();
    } finally {
      heartbeat.cancel(false);
    }
  }

  private void renew(Execution execution) {
    if (execution.halted.get()) {
      return;
    }
    try {
      if (!ledger.heartbeat(execution.lease, clock.instant(), settings.leaseDuration())) {
        execution.lost.set(true);
      }
    } catch (SQLException e) {
      // The fence still protects the run; the next heartbeat may succeed.
      LOG.log(Level.WARNING, "Refresh lease renewal failed: {0}", e.getMessage());
    }
  }

  /** Waits while the system is busier than allowed; false when the deadline passed meanwhile. */
  private boolean waitForLoad(Execution execution, Instant deadline, int batch, int batches)
      throws SQLException {
    String phase = "refreshing batch " + batch + " of " + batches;
    if (!settings.waitIfHighLoad()) {
      ledger.progress(execution.lease, phase, null);
      return true;
    }
    while (true) {
      LoadProbe.Load measured = load.measure();
      if (measured.value() <= settings.maxLoad()) {
        ledger.progress(execution.lease, phase, null);
        return true;
      }
      if (execution.stopped() || !clock.instant().isBefore(deadline)) {
        return false;
      }
      LOG.log(
          Level.INFO,
          "Refresh waits: load {0} above {1}",
          new Object[] {measured, settings.maxLoad()});
      ledger.progress(execution.lease, "waiting for load (" + measured + ")", null);
      sleep(settings.loadWait());
    }
  }

  private void refreshWithRetries(
      Execution execution, UUID organization, boolean forced, String reason, Instant deadline)
      throws SQLException {
    Lease lease = execution.lease;
    Instant started = clock.instant();
    long startedNanos = System.nanoTime();
    for (int attempt = 0; ; attempt++) {
      int retries = attempt;
      try {
        OrganizationRefresher.Result result =
            transactions.inNewTransaction(
                c ->
                    refresher.refresh(
                        c, lease, organization, forced, retries, reason, events::published));
        events.organizationFinished(
            new OrganizationOutcome(
                lease.runId(),
                organization,
                result.outcome(),
                result.rowsWritten(),
                elapsedMs(startedNanos),
                retries,
                null,
                null,
                started,
                clock.instant()));
        return;
      } catch (LeaseLost e) {
        execution.lost.set(true);
        throw e;
      } catch (ValidationFailed e) {
        record(
            lease,
            organization,
            "failed-validation",
            retries,
            e.getMessage(),
            started,
            startedNanos);
        return;
      } catch (Exception e) {
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (attempt >= settings.maxRetries() || !clock.instant().isBefore(deadline)) {
          record(lease, organization, "failed-error", retries, why, started, startedNanos);
          return;
        }
        LOG.log(
            Level.INFO,
            "Refresh of {0} failed (attempt {1}), retrying: {2}",
            new Object[] {organization, attempt + 1, why});
        sleep(settings.retryBackoff().multipliedBy(1L << Math.min(attempt, 16)));
      }
    }
  }

  private void record(
      Lease lease,
      UUID organization,
      String outcome,
      int retries,
      String error,
      Instant started,
      long startedNanos)
      throws SQLException {
    OrganizationOutcome o =
        new OrganizationOutcome(
            lease.runId(),
            organization,
            outcome,
            0,
            elapsedMs(startedNanos),
            retries,
            "[]",
            error,
            started,
            clock.instant());
    try {
      transactions.inNewTransaction(
          c -> {
            ledger.checkFence(c, lease, clock.instant());
            ledger.recordOutcome(c, o);
            return null;
          });
    } catch (LeaseLost | SQLException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("could not record the outcome of " + organization, e);
    }
    events.organizationFinished(o);
  }

  private void recordTimedOut(Lease lease, List<UUID> organizations) throws SQLException {
    Instant now = clock.instant();
    List<OrganizationOutcome> outcomes =
        organizations.stream()
            .map(
                organization ->
                    new OrganizationOutcome(
                        lease.runId(),
                        organization,
                        "timed-out",
                        0,
                        0,
                        0,
                        "[]",
                        "not reached within the run's timeout",
                        now,
                        now))
            .toList();
    try {
      transactions.inNewTransaction(
          c -> {
            ledger.checkFence(c, lease, now);
            for (OrganizationOutcome o : outcomes) {
              ledger.recordOutcome(c, o);
            }
            return null;
          });
    } catch (LeaseLost | SQLException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("could not record the timed-out organizations", e);
    }
    outcomes.forEach(events::organizationFinished);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
