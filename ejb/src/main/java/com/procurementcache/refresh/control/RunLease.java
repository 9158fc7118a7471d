package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A node's hold on a refresh run, and the protocol that gets and keeps it, decided in PostgreSQL:
 * one scheduled run per night (a unique key), a lease the holder renews, and a fencing token that a
 * takeover increments, so that a node that lost its lease can never publish. Valid while its token
 * is the run's current one and it has not expired. Time is passed in by the caller (its clock),
 * never read from the database, so that tests can play whole nights.
 */
public final class RunLease {

  private static final String RUNNING = RunStatus.RUNNING.wireName();

  private final DataSource dataSource;
  private final UUID runId;
  private final String node;
  private final long fencingToken;
  private final Duration duration;
  private final Instant acquiredAt;

  /** Held while this node's heartbeat writes the run's row, or while a fence takes its lock. */
  private final Object rowLock = new Object();

  private RunLease(
      DataSource dataSource,
      UUID runId,
      String node,
      long fencingToken,
      Duration duration,
      Instant acquiredAt) {
    this.dataSource = Objects.requireNonNull(dataSource, "a lease is kept in the database");
    this.runId = Objects.requireNonNull(runId, "a lease is on a run");
    this.node = Objects.requireNonNull(node, "a lease is held by a node");
    this.fencingToken = fencingToken;
    this.duration = Objects.requireNonNull(duration, "a lease lasts a while");
    this.acquiredAt = Objects.requireNonNull(acquiredAt, "a lease is got at some time");
  }

  public UUID runId() {
    return runId;
  }

  public String node() {
    return node;
  }

  public long fencingToken() {
    return fencingToken;
  }

  /** When this node got the run: when it started it, or when it took it over. */
  public Instant acquiredAt() {
    return acquiredAt;
  }

  @Override
  public String toString() {
    return "lease on run " + runId + " by " + node + " (token " + fencingToken + ")";
  }

  /**
   * Claims the scheduled run of {@code night} for {@code node}; empty when the night has a run
   * already (another node claimed it, or it was recorded as missed).
   */
  public static Optional<RunLease> claimNight(
      DataSource dataSource,
      LocalDate night,
      RunTrigger trigger,
      String node,
      Instant now,
      Duration leaseDuration)
      throws SQLException {
    return insertLeased(
        dataSource,
        new NewRun(night, trigger, "schedule " + night, false, List.of()),
        node,
        now,
        leaseDuration);
  }

  /**
   * Starts a run asked for by hand (API, JMX), leased to {@code node}.
   *
   * @param organizationIds the organizations to refresh; empty for every active one
   * @throws RunUnderWay when {@code organizationIds} is empty and a full run is under way already,
   *     on any node: the database lets one full run run at a time
   */
  public static RunLease start(
      DataSource dataSource,
      RunTrigger trigger,
      String requestedBy,
      boolean forced,
      List<UUID> organizationIds,
      String node,
      Instant now,
      Duration leaseDuration)
      throws SQLException {
    NewRun run = new NewRun(null, trigger, requestedBy, forced, organizationIds);
    // A run not inserted is a full one that met a full run under way. When that run has ended by
    // the time it is looked up, the insert is tried again.
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<RunLease> lease = insertLeased(dataSource, run, node, now, leaseDuration);
      if (lease.isPresent()) {
        return lease.get();
      }
      Optional<UUID> underWay = new RunHistory(dataSource).fullRunUnderWay();
      if (underWay.isPresent()) {
        throw new RunUnderWay(underWay.get());
      }
    }
    throw new SQLException("a full run kept starting and ending while this one was asked for");
  }

  /** What a run is asked for: a scheduled night (null for a run asked for by hand) or a request. */
  private record NewRun(
      LocalDate night,
      RunTrigger trigger,
      String requestedBy,
      boolean forced,
      List<UUID> organizationIds) {}

  /**
   * Inserts {@code run} in its starting phase, leased to {@code node} with the first fencing token;
   * empty when its night has a run already, or when it is a full run and a full run is under way
   * (the partial unique index of {@code V010__one_full_run_at_a_time.sql}).
   */
  private static Optional<RunLease> insertLeased(
      DataSource dataSource, NewRun run, String node, Instant now, Duration leaseDuration)
      throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                INSERT INTO refresh_runs (id, scheduled_night, trigger, requested_by, forced,
                    organization_ids, status, phase, lease_owner, lease_expires_at,
                    fencing_token, started_at, heartbeat_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'starting', ?, ?, 1, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)) {
      s.setObject(1, id);
      s.setObject(2, run.night());
      s.setString(3, run.trigger().wireName());
      s.setString(4, run.requestedBy());
      s.setBoolean(5, run.forced());
      s.setArray(
          6,
          run.organizationIds() == null || run.organizationIds().isEmpty()
              ? null
              : c.createArrayOf("uuid", run.organizationIds().toArray()));
      s.setString(7, RUNNING);
      s.setString(8, node);
      s.setTimestamp(9, Timestamp.from(now.plus(leaseDuration)));
      s.setTimestamp(10, Timestamp.from(now));
      s.setTimestamp(11, Timestamp.from(now));
      s.setTimestamp(12, Timestamp.from(now));
      return s.executeUpdate() == 1
          ? Optional.of(new RunLease(dataSource, id, node, 1, leaseDuration, now))
          : Optional.empty();
    }
  }

  /**
   * Takes over the oldest running run whose lease expired (its node died or stalled), with a new
   * fencing token; empty when there is none.
   */
  public static Optional<RunLease> takeOverExpired(
      DataSource dataSource, String node, Instant now, Duration leaseDuration) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                UPDATE refresh_runs
                SET lease_owner = ?, lease_expires_at = ?, heartbeat_at = ?,
                    fencing_token = fencing_token + 1
                WHERE id = (SELECT id FROM refresh_runs
                            WHERE status = ? AND lease_expires_at < ?
                            ORDER BY created_at LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                RETURNING id, fencing_token
                """)) {
      s.setString(1, node);
      s.setTimestamp(2, Timestamp.from(now.plus(leaseDuration)));
      s.setTimestamp(3, Timestamp.from(now));
      s.setString(4, RUNNING);
      s.setTimestamp(5, Timestamp.from(now));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new RunLease(
                    dataSource,
                    rs.getObject(1, UUID.class),
                    node,
                    rs.getLong(2),
                    leaseDuration,
                    now))
            : Optional.empty();
      }
    }
  }

  /**
   * The heartbeat: renews the lease for another lease duration; false when it is no longer this
   * node's (expired before the renewal, taken over, or the run ended). While one of this node's
   * organization transactions holds the run's lock ({@link #checkFence}), the row is left alone and
   * the lease counts as kept: no takeover can pass that lock, and the transaction renews the lease
   * when it commits ({@link #renew(Connection, Instant)}). Writing the row under that transaction
   * would make its repeatable-read snapshot fail at commit, so an organization that takes longer
   * than a heartbeat interval could never be published.
   */
  public boolean renew(Instant now) throws SQLException {
    synchronized (rowLock) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  """
                  UPDATE refresh_runs SET lease_expires_at = ?, heartbeat_at = ?
                  WHERE id = (SELECT id FROM refresh_runs
                              WHERE id = ? AND lease_owner = ? AND fencing_token = ? AND status = ?
                                AND lease_expires_at >= ?
                              FOR UPDATE SKIP LOCKED)
                  """);
          PreparedStatement held =
              c.prepareStatement(
                  """
                  SELECT lease_expires_at >= ? OR NOT EXISTS (SELECT 1 FROM refresh_runs l
                                     WHERE l.id = r.id FOR UPDATE SKIP LOCKED)
                  FROM refresh_runs r
                  WHERE id = ? AND lease_owner = ? AND fencing_token = ? AND status = ?
                  """)) {
        s.setTimestamp(bindRenewal(s, now), Timestamp.from(now));
        if (s.executeUpdate() == 1) {
          return true;
        }
        // Not renewed: lost, or still this node's and locked by its organization transaction (or
        // unlocked just now, its lease renewed by that transaction's commit).
        held.setTimestamp(1, Timestamp.from(now));
        bindHolder(held, 2);
        try (ResultSet rs = held.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    }
  }

  /**
   * The fence, first in a publishing transaction: locks the run until the transaction ends and
   * throws {@link LeaseLost} unless this is still the run's current, unexpired lease. A takeover
   * skips a locked run, so none can slip in before the commit; the heartbeat leaves it alone. This
   * node's heartbeat never writes the row while the lock is being taken ({@code rowLock}), so a
   * repeatable-read transaction's snapshot does not start just before a heartbeat commits.
   */
  public void checkFence(Connection c, Instant now) throws SQLException {
    synchronized (rowLock) {
      try (PreparedStatement s =
          c.prepareStatement(
              """
              SELECT lease_owner, fencing_token, lease_expires_at, status
              FROM refresh_runs WHERE id = ? FOR UPDATE
              """)) {
        s.setObject(1, runId);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw new LeaseLost(this, "the run no longer exists");
          }
          if (rs.getLong(2) != fencingToken || !node.equals(rs.getString(1))) {
            throw new LeaseLost(this, "taken over by " + rs.getString(1));
          }
          if (!RUNNING.equals(rs.getString(4))) {
            throw new LeaseLost(this, "the run is " + rs.getString(4));
          }
          if (!rs.getTimestamp(3).toInstant().isAfter(now)) {
            throw new LeaseLost(this, "expired at " + rs.getTimestamp(3).toInstant());
          }
        }
      }
    }
  }

  /**
   * Renews the lease in the caller's transaction, which holds the run's lock ({@link #checkFence}):
   * the heartbeats skipped while it ran are made up when it commits.
   */
  public void renew(Connection c, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            """
            UPDATE refresh_runs SET lease_expires_at = ?, heartbeat_at = ?
            WHERE id = ? AND lease_owner = ? AND fencing_token = ? AND status = ?
            """)) {
      bindRenewal(s, now);
      if (s.executeUpdate() != 1) {
        throw new LeaseLost(this, "lost while its lock was held");
      }
    }
  }

  /** Binds a renewal's new expiry and heartbeat, then this holder; returns the next index. */
  private int bindRenewal(PreparedStatement s, Instant now) throws SQLException {
    s.setTimestamp(1, Timestamp.from(now.plus(duration)));
    s.setTimestamp(2, Timestamp.from(now));
    return bindHolder(s, 3);
  }

  /** Binds run id, node, fencing token and the running status from {@code first} on. */
  private int bindHolder(PreparedStatement s, int first) throws SQLException {
    s.setObject(first, runId);
    s.setString(first + 1, node);
    s.setLong(first + 2, fencingToken);
    s.setString(first + 3, RUNNING);
    return first + 4;
  }

  /** Sets the run's phase and, unless null, its size, while this node holds it. */
  public boolean progress(String phase, Integer total) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                UPDATE refresh_runs
                SET phase = ?, organizations_total = coalesce(?, organizations_total)
                WHERE id = ? AND fencing_token = ? AND status = ?
                """)) {
      s.setString(1, phase);
      s.setObject(2, total);
      s.setObject(3, runId);
      s.setLong(4, fencingToken);
      s.setString(5, RUNNING);
      return s.executeUpdate() == 1;
    }
  }

  /** Ends the run in a transaction of its own, while this node holds it (see below). */
  public boolean finish(RunStatus status, String error, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return finish(c, status, error, now);
    }
  }

  /**
   * Ends the run in the caller's transaction, while this node holds it; false when it lost the run
   * before. Whatever must be written with the end of the run (its summary message) goes in the same
   * transaction, so that both commit or neither does.
   */
  public boolean finish(Connection c, RunStatus status, String error, Instant now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            """
                UPDATE refresh_runs
                SET status = ?, phase = 'finished', error = ?, ended_at = ?, lease_expires_at = NULL
                WHERE id = ? AND lease_owner = ? AND fencing_token = ? AND status = ?
                """)) {
      s.setString(1, status.wireName());
      s.setString(2, error);
      s.setTimestamp(3, Timestamp.from(now));
      bindHolder(s, 4);
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Gives the run up at once (a node shutting down): another node takes it over on its next watch
   * instead of waiting for the lease to run out.
   */
  public boolean release(Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                UPDATE refresh_runs SET lease_expires_at = ?
                WHERE id = ? AND lease_owner = ? AND fencing_token = ? AND status = ?
                """)) {
      s.setTimestamp(1, Timestamp.from(now));
      bindHolder(s, 2);
      return s.executeUpdate() == 1;
    }
  }
}
