package com.procurementcache.refresh.control;

import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Runs a leased refresh run to its end: take what the run still has to do, the organizations in
 * batches, deferring to readers before each one while its window allows, each organization in its
 * own transaction with retries, within the run's timeout; then finish the run. It renews the lease
 * while it works and stops at once when it loses it. Whatever is not done is recorded as such.
 */
public class RefreshEngine {

  private static final Logger LOG = Logger.getLogger(RefreshEngine.class.getName());

  private final RunHistory history;
  private final OrganizationRefresher refresher;
  private final Transactions transactions;
  private final LoadProbe load;
  private final RefreshSettings settings;
  private final Clock clock;
  private final ScheduledExecutorService heartbeats;
  private final RefreshEvents events;

  public RefreshEngine(
      RunHistory history,
      OrganizationRefresher refresher,
      Transactions transactions,
      LoadProbe load,
      RefreshSettings settings,
      Clock clock,
      ScheduledExecutorService heartbeats,
      RefreshEvents events) {
    this.history = history;
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

    private final RunLease lease;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicBoolean halted = new AtomicBoolean();

    Execution(RunLease lease) {
      this.lease = lease;
    }

    public RunLease lease() {
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

  public Execution prepare(RunLease lease) {
    return new Execution(lease);
  }

  /** What a run still has to do, and within which time. */
  private record Work(RunReport run, List<UUID> pending, Instant deadline, ChangeReason reason) {

    List<List<UUID>> batches(int size) {
      int count = (pending.size() + size - 1) / size;
      return IntStream.range(0, count)
          .mapToObj(b -> pending.subList(b * size, Math.min(pending.size(), (b + 1) * size)))
          .toList();
    }
  }

  /** Runs the leased run to its end; the report is empty when this node lost or left the run. */
  public Optional<RunReport> run(Execution execution) throws SQLException {
    RunLease lease = execution.lease;
    RunReport run =
        history.find(lease.runId()).orElseThrow(() -> new IllegalStateException("no run " + lease));
    ScheduledFuture<?> heartbeat = keepLeaseAlive(execution);
    try {
      Work work = takeWork(lease, run);
      boolean timedOut = refreshInBatches(execution, work);
      if (execution.stopped()) {
        LOG.log(
            Level.WARNING,
            "Refresh run {0}: this node ({1}) stopped working on it ({2})",
            new Object[] {
              lease.runId(), lease.node(), execution.lost.get() ? "lease lost" : "halted"
            });
        return Optional.empty();
      }
      return finish(lease, timedOut);
    } catch (LeaseLost e) {
      LOG.log(Level.WARNING, "Refresh run {0}: {1}", new Object[] {lease.runId(), e.getMessage()});
      return Optional.empty();
    } finally {
      heartbeat.cancel(false);
    }
  }

  private ScheduledFuture<?> keepLeaseAlive(Execution execution) {
    long interval = settings.heartbeatInterval().toMillis();
    return heartbeats.scheduleWithFixedDelay(
        () -> renew(execution), interval, interval, TimeUnit.MILLISECONDS);
  }

  /** The organizations the run has not done yet (all of them, unless it was taken over). */
  private Work takeWork(RunLease lease, RunReport run) throws SQLException {
    List<UUID> pending = history.pendingOrganizations(lease.runId());
    lease.progress("refreshing", run.organizationsDone() + pending.size());
    LOG.log(
        Level.INFO,
        "Refresh run {0} ({1}) on {2}: {3} organizations to do",
        new Object[] {lease.runId(), run.trigger().wireName(), lease.node(), pending.size()});
    return new Work(run, pending, deadline(lease), run.trigger().refreshReason());
  }

  /**
   * The run's deadline on this node: {@code refresh.timeout} from when this node got the run. For a
   * run it started, that is the run's start; for a run it took over, the takeover, so that a node
   * that takes over late in the window still has the time to finish what its predecessor left
   * (rather than timing out at once). Each takeover needs the previous holder to have stopped
   * renewing, so a run lasts at most one timeout per node that held it (docs/operations.md).
   */
  private Instant deadline(RunLease lease) {
    return lease.acquiredAt().plus(settings.timeout());
  }

  /**
   * Refreshes the organizations batch by batch, deferring to others' work before each organization
   * ({@link RefreshPacing}); true when the deadline stopped it, false when it did them all or this
   * node stopped working on the run. One organization at a time, on this thread: the run holds at
   * most one database connection for its work.
   */
  private boolean refreshInBatches(Execution execution, Work work) throws SQLException {
    RefreshPacing pacing = pacing(execution, work);
    List<List<UUID>> batches = work.batches(settings.batchSize());
    for (int b = 0; b < batches.size(); b++) {
      String phase = "refreshing batch " + (b + 1) + " of " + batches.size();
      for (UUID organization : batches.get(b)) {
        if (execution.stopped()) {
          return false;
        }
        if (Thread.currentThread().isInterrupted()) {
          execution.halt(); // the node is stopping: another node finishes the run
          return false;
        }
        if (!clock.instant().isBefore(work.deadline())) {
          return true;
        }
        if (pacing.awaitTurn(phase, execution::stopped) == RefreshPacing.Turn.STOP) {
          execution.halt(); // stopped, lost, or interrupted: another node finishes the run
          return false;
        }
        Instant started = clock.instant();
        refreshWithRetries(execution, organization, work);
        pacing.organizationDone(Duration.between(started, clock.instant()));
      }
    }
    return false;
  }

  private RefreshPacing pacing(Execution execution, Work work) throws SQLException {
    RefreshSettings.Deferral deferral = settings.deferral();
    FinishBudget budget =
        new FinishBudget(
            work.deadline(),
            work.pending().size(),
            deferral.enabled() ? history.recentMeanRefreshTime(100) : Optional.empty(),
            deferral.safetyFactor(),
            deferral.margin());
    return new RefreshPacing(
        load,
        deferral,
        clock,
        execution.lease.runId(),
        phase -> execution.lease.progress(phase, null),
        budget);
  }

  /**
   * Ends the run: the organizations it did not reach are recorded as timed out, and its status
   * follows from its outcomes. Empty when this node lost the run before it could end it.
   */
  private Optional<RunReport> finish(RunLease lease, boolean timedOut) throws SQLException {
    List<UUID> left = timedOut ? history.pendingOrganizations(lease.runId()) : List.of();
    if (!left.isEmpty()) {
      recordTimedOut(lease, left);
    }
    RunReport counted = history.find(lease.runId()).orElseThrow();
    RunStatus status =
        timedOut
            ? RunStatus.TIMED_OUT
            : counted.failures() > 0 ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.COMPLETED;
    String error =
        timedOut
            ? left.size() + " organizations not done within the timeout of " + settings.timeout()
            : null;
    Instant now = clock.instant();
    Optional<RunReport> ended;
    try {
      // The end of the run and its summary message commit together, or neither does.
      ended =
          transactions.inNewTransaction(
              c -> {
                if (!lease.finish(c, status, error, now)) {
                  return Optional.<RunReport>empty();
                }
                RunReport report = history.find(c, lease.runId()).orElseThrow();
                events.ending(c, report, history.outcomes(c, lease.runId()));
                return Optional.of(report);
              });
    } catch (SQLException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("could not end run " + lease.runId(), e);
    }
    if (ended.isEmpty()) {
      LOG.log(Level.WARNING, "Refresh run {0}: lost the lease before finishing", lease.runId());
      return Optional.empty();
    }
    RunReport report = ended.get();
    LOG.log(
        Level.INFO,
        "Refresh run {0} {1}: {2}",
        new Object[] {lease.runId(), status.wireName(), report.outcomes()});
    events.runFinished(report);
    return Optional.of(report);
  }

  private void renew(Execution execution) {
    if (execution.halted.get()) {
      return;
    }
    try {
      if (!execution.lease.renew(clock.instant())) {
        execution.lost.set(true);
      }
    } catch (SQLException e) {
      // The fence still protects the run; the next heartbeat may succeed.
      LOG.log(Level.WARNING, "Refresh lease renewal failed: {0}", e.getMessage());
    }
  }

  /**
   * One organization: refreshed in a transaction of its own, retried with a growing backoff when it
   * fails, until the retries or the run's time run out; a failed validation is not retried.
   */
  private void refreshWithRetries(Execution execution, UUID organization, Work work)
      throws SQLException {
    RunLease lease = execution.lease;
    Stopwatch watch = Stopwatch.start(clock);
    for (int attempt = 0; ; attempt++) {
      int retries = attempt;
      try {
        OrganizationOutcome recorded =
            transactions.inNewTransaction(
                c ->
                    refresher.refresh(
                        c,
                        lease,
                        organization,
                        work.run().forced(),
                        retries,
                        work.reason(),
                        work.deadline(),
                        events::published));
        // Reported with the time of every attempt, retries included.
        events.organizationFinished(recorded.over(watch.timing()));
        return;
      } catch (LeaseLost e) {
        execution.lost.set(true);
        throw e;
      } catch (ValidationFailed e) {
        recordFenced(
            lease,
            List.of(
                OrganizationOutcome.failedValidation(
                    lease.runId(), organization, retries, watch.timing(), e.getMessage())));
        return;
      } catch (Exception e) {
        // The audit trail (admin run details) gets the summary, the log the driver's message.
        String why = FailureSummary.of(e);
        if (attempt >= settings.maxRetries() || !clock.instant().isBefore(work.deadline())) {
          LOG.log(
              Level.WARNING,
              "Refresh of {0} failed after {1} attempts: {2}",
              new Object[] {organization, attempt + 1, e.toString()});
          recordFenced(
              lease,
              List.of(
                  OrganizationOutcome.failedError(
                      lease.runId(), organization, retries, watch.timing(), why)));
          return;
        }
        LOG.log(
            Level.INFO,
            "Refresh of {0} failed (attempt {1}), retrying: {2}",
            new Object[] {organization, attempt + 1, e.toString()});
        if (!backOff(settings.retryBackoff().multipliedBy(1L << Math.min(attempt, 16)))) {
          // Interrupted (the node is stopping): leave the organization and the run to another
          // node, which retries it with its own backoff, rather than retrying here at once.
          execution.halt();
          return;
        }
      }
    }
  }

  private void recordTimedOut(RunLease lease, List<UUID> organizations) throws SQLException {
    Instant now = clock.instant();
    recordFenced(
        lease,
        organizations.stream()
            .map(organization -> OrganizationOutcome.timedOut(lease.runId(), organization, now))
            .toList());
  }

  /** Records outcomes in a transaction of their own, while this node holds the run. */
  private void recordFenced(RunLease lease, List<OrganizationOutcome> outcomes)
      throws SQLException {
    try {
      transactions.inNewTransaction(
          c -> {
            lease.checkFence(c, clock.instant());
            for (OrganizationOutcome o : outcomes) {
              history.recordOutcome(c, o);
            }
            return null;
          });
    } catch (LeaseLost | SQLException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("could not record the outcomes of run " + lease.runId(), e);
    }
    outcomes.forEach(events::organizationFinished);
  }

  /**
   * Waits before the next attempt; false when the thread was interrupted (the flag is kept). A
   * hand-written wait rather than MicroProfile Fault Tolerance's {@code @Retry}: the engine is a
   * plain object driven by the run's clock and settings (tests play whole nights on a simulated
   * clock), an annotation's delay is fixed per method and real-time, and a retry must stop when the
   * run's deadline passes or its lease is lost, which {@code @Retry} cannot see.
   */
  private static boolean backOff(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
