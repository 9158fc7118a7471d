package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What one node does when its timer fires or its watch ticks: claim the night that is due (if no
 * node has), or take over a run whose node stopped renewing its lease. Every node runs the same
 * decisions; PostgreSQL lets exactly one of them win each.
 */
public class NightWatch {

  private static final Logger LOG = Logger.getLogger(NightWatch.class.getName());

  /** A fire time counts as on time ({@link RunTrigger#SCHEDULE}) up to this late, else catch-up. */
  static final Duration ON_TIME = Duration.ofMinutes(5);

  private final DataSource dataSource;
  private final RunHistory history;
  private final RefreshSettings settings;
  private final Clock clock;
  private final String node;
  private final Transactions transactions;
  private final MissedNightAlert alert;

  /** Queues the alert of a missed night, in the transaction that records the night as missed. */
  @FunctionalInterface
  public interface MissedNightAlert {
    void queue(Connection connection, LocalDate night, Instant scheduledAt) throws Exception;
  }

  public NightWatch(
      DataSource dataSource,
      RefreshSettings settings,
      Clock clock,
      String node,
      Transactions transactions,
      MissedNightAlert alert) {
    this.dataSource = dataSource;
    this.history = new RunHistory(dataSource);
    this.settings = settings;
    this.clock = clock;
    this.node = node;
    this.transactions = transactions;
    this.alert = alert;
  }

  public String node() {
    return node;
  }

  /** The outcome of a look at the schedule. */
  public sealed interface Decision {}

  /** This node won the night: run it. */
  public record Claimed(RunLease lease, LocalDate night, RunTrigger trigger) implements Decision {}

  /** The night passed unrun beyond the catch-up window; this node recorded it and its alert. */
  public record Missed(LocalDate night, Instant scheduledAt) implements Decision {}

  /** Nothing to do: no night due, or it has its run. */
  public record Idle() implements Decision {}

  /**
   * Looks at the latest scheduled fire time: when its night has no run yet, claims it (on time:
   * {@link RunTrigger#SCHEDULE}; late, within the catch-up window: {@link RunTrigger#CATCH_UP}), or
   * records it as missed. An installation that never refreshed catches up at once whatever the
   * window: there is nothing to serve before the first refresh.
   */
  public Decision checkSchedule() throws SQLException {
    Instant now = clock.instant();
    Optional<Instant> due = settings.schedule().lastAtOrBefore(now);
    if (due.isEmpty()) {
      return new Idle();
    }
    LocalDate night = settings.schedule().nightOf(due.get());
    if (history.nightHasRun(night)) {
      return new Idle();
    }
    Duration late = Duration.between(due.get(), now);
    boolean neverRefreshed = history.latest().isEmpty();
    if (late.compareTo(settings.catchUpWindow()) > 0 && !neverRefreshed) {
      if (recordMissed(night, due.get(), now)) {
        LOG.log(Level.WARNING, "Nightly refresh of {0} was missed: no node ran it in time", night);
        return new Missed(night, due.get());
      }
      return new Idle();
    }
    RunTrigger trigger = late.compareTo(ON_TIME) <= 0 ? RunTrigger.SCHEDULE : RunTrigger.CATCH_UP;
    return RunLease.claimNight(dataSource, night, trigger, node, now, settings.leaseDuration())
        .<Decision>map(lease -> new Claimed(lease, night, trigger))
        .orElseGet(Idle::new);
  }

  /**
   * Records the night as missed and queues its alert in one transaction: both are kept or neither
   * (then the next watch records it again).
   */
  private boolean recordMissed(LocalDate night, Instant scheduledAt, Instant now)
      throws SQLException {
    try {
      return transactions.inNewTransaction(
          c -> {
            if (!recordMissedNight(c, night, scheduledAt, now)) {
              return false;
            }
            alert.queue(c, night, scheduledAt);
            return true;
          });
    } catch (SQLException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("could not record the missed night " + night, e);
    }
  }

  /**
   * Records, in the caller's transaction, that {@code night} was not run because no node was up in
   * time; false when the night has a run already. It takes the night as a claim does, so that no
   * node runs it afterwards.
   */
  private static boolean recordMissedNight(
      Connection c, LocalDate night, Instant scheduledAt, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            """
                INSERT INTO refresh_runs (id, scheduled_night, trigger, requested_by, status,
                    ended_at, error, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (scheduled_night) DO NOTHING
                """)) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, night);
      s.setString(3, RunTrigger.SCHEDULE.wireName());
      s.setString(4, "schedule " + night);
      s.setString(5, RunStatus.MISSED.wireName());
      s.setTimestamp(6, Timestamp.from(now));
      s.setString(
          7,
          "missed: no node ran the refresh scheduled for "
              + scheduledAt
              + " within the catch-up window");
      s.setTimestamp(8, Timestamp.from(now));
      return s.executeUpdate() == 1;
    }
  }

  /** Takes over a run whose node stopped renewing its lease, if there is one. */
  public Optional<RunLease> takeOverAbandoned() throws SQLException {
    Optional<RunLease> lease =
        RunLease.takeOverExpired(dataSource, node, clock.instant(), settings.leaseDuration());
    lease.ifPresent(
        l ->
            LOG.log(
                Level.WARNING,
                "Node {0} takes over refresh run {1} (fencing token {2})",
                new Object[] {node, l.runId(), l.fencingToken()}));
    return lease;
  }
}
