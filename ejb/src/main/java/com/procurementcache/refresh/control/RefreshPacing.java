package com.procurementcache.refresh.control;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run's deference to others' work, before each organization: measure the load, and while it is
 * above the limits and the run's {@link FinishBudget} allows, wait {@code refresh.load-wait} and
 * measure again; once the budget is spent, go on despite the load. The run's phase says which.
 */
final class RefreshPacing {

  private static final Logger LOG = Logger.getLogger(RefreshPacing.class.getName());

  /** What the run does next. */
  enum Turn {
    /** Refresh the next organization. */
    GO,
    /** Stop working on the run: it was halted, lost, or its thread interrupted. */
    STOP
  }

  /** Writes the run's phase (it is shown only when it changes, not before every organization). */
  interface PhaseBoard {
    void show(String phase) throws SQLException;
  }

  private final LoadProbe probe;
  private final RefreshSettings.Deferral limits;
  private final Clock clock;
  private final UUID runId;
  private final PhaseBoard phases;
  private final FinishBudget budget;
  private String shown;
  private Instant waitingSince;
  private boolean despite;

  RefreshPacing(
      LoadProbe probe,
      RefreshSettings.Deferral limits,
      Clock clock,
      UUID runId,
      PhaseBoard phases,
      FinishBudget budget) {
    this.probe = probe;
    this.limits = limits;
    this.clock = clock;
    this.runId = runId;
    this.phases = phases;
    this.budget = Objects.requireNonNull(budget, "a budget");
  }

  /**
   * Returns when the next organization may be refreshed ({@link Turn#GO}), or when the run must
   * stop ({@link Turn#STOP}); {@code working} is the phase to show while the run works.
   */
  Turn awaitTurn(String working, BooleanSupplier stopped) throws SQLException {
    if (!limits.enabled()) {
      show(working);
      return Turn.GO;
    }
    while (true) {
      if (stopped.getAsBoolean()) {
        return Turn.STOP;
      }
      LoadProbe.Load load = probe.measure();
      Optional<Pressure> pressure = Pressure.of(load, limits);
      if (pressure.isEmpty()) {
        resumed();
        show(working);
        return Turn.GO;
      }
      FinishBudget.Allowance allowance = budget.allowance(clock.instant());
      if (allowance != FinishBudget.Allowance.DEFER) {
        resumed();
        if (allowance == FinishBudget.Allowance.SPENT && !despite) {
          despite = true;
          LOG.log(
              Level.WARNING,
              "Refresh run {0} goes on despite {1}: its window closes ({2} to finish, est.)",
              new Object[] {runId, load, budget.timeToFinish().orElse(null)});
        }
        show(pressure.get().despitePhase(allowance));
        return Turn.GO;
      }
      if (waitingSince == null) {
        waitingSince = clock.instant();
        LOG.log(
            Level.INFO,
            "Refresh run {0} defers: {1}",
            new Object[] {runId, pressure.get().detail()});
      }
      show(pressure.get().waitingPhase());
      if (!pause()) {
        return Turn.STOP;
      }
    }
  }

  private void show(String phase) throws SQLException {
    if (!phase.equals(shown)) {
      phases.show(phase);
      shown = phase;
    }
  }

  /** The organization just refreshed took {@code spent}. */
  void organizationDone(Duration spent) {
    budget.organizationDone(spent);
  }

  private void resumed() {
    if (waitingSince != null) {
      LOG.log(
          Level.INFO,
          "Refresh run {0} resumes after deferring {1}",
          new Object[] {runId, Duration.between(waitingSince, clock.instant())});
      waitingSince = null;
    }
  }

  /** Waits one check interval; false when interrupted (the flag is restored). */
  private boolean pause() {
    try {
      Thread.sleep(limits.checkInterval().toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
