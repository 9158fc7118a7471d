package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.RunReport;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The refresh runs in PostgreSQL, which decides who runs: one scheduled run per night (a unique
 * key), a lease that the running node renews, and a fencing token that a takeover increments so
 * that a node that lost its lease can never publish. Time is passed in by the caller (its clock),
 * never read from the database, so that tests can play whole nights.
 */
public class RunLedger {

  private static final String RUN_COLUMNS =
      """
      r.id, r.scheduled_night, r.trigger, r.requested_by, r.forced, r.organization_ids, r.status,
      r.phase, r.lease_owner, r.fencing_token, r.lease_expires_at, r.started_at, r.heartbeat_at,
      r.ended_at, r.organizations_total, r.organizations_done, r.error, r.created_at
      """;

  private final DataSource dataSource;

  public RunLedger(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Claims the scheduled run of {@code night} for {@code node}; empty when the night has a run
   * already (another node claimed it, or it was recorded as missed).
   */
  public Optional<Lease> claimNight(
      LocalDate night, String trigger, String node, Instant now, Duration leaseDuration)
      throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                INSERT INTO refresh_runs (id, scheduled_night, trigger, requested_by, forced,
                    status, phase, lease_owner, lease_expires_at, fencing_token, started_at,
                    heartbeat_at, created_at)
                VALUES (?, ?, ?, ?, false, 'running', 'starting', ?, ?, 1, ?, ?, ?)
                ON CONFLICT (scheduled_night) DO NOTHING
                """)) {
      s.setObject(1, id);
      s.setObject(2, night);
      s.setString(3, trigger);
      s.setString(4, "schedule " + night);
      s.setString(5, node);
      s.setTimestamp(6, ts(now.plus(leaseDuration)));
      s.setTimestamp(7, ts(now));
      s.setTimestamp(8, ts(now));
      s.setTimestamp(9, ts(now));
      return s.executeUpdate() == 1 ? Optional.of(new Lease(id, node, 1)) : Optional.empty();
    }
  }

  /** Starts a run asked for by hand (API, JMX), leased to {@code node}. */
  public Lease startRun(
      String trigger,
      String requestedBy,
      boolean forced,
      List<UUID> organizationIds,
      String node,
      Instant now,
      Duration leaseDuration)
      throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                INSERT INTO refresh_runs (id, trigger, requested_by, forced, organization_ids,
                    status, phase, lease_owner, lease_expires_at, fencing_token, started_at,
                    heartbeat_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'running', 'starting', ?, ?, 1, ?, ?, ?)
                """)) {
      s.setObject(1, id);
      s.setString(2, trigger);
      s.setString(3, requestedBy);
      s.setBoolean(4, forced);
      s.setArray(
          5,
          organizationIds == null || organizationIds.isEmpty()
              ? null
              : c.createArrayOf("uuid", organizationIds.toArray()));
      s.setString(6, node);
      s.setTimestamp(7, ts(now.plus(leaseDuration)));
      s.setTimestamp(8, ts(now));
      s.setTimestamp(9, ts(now));
      s.setTimestamp(10, ts(now));
      s.executeUpdate();
      return new Lease(id, node, 1);
    }
  }

  /**
   * Records that {@code night} was not run because no node was up in time; false when the night has
   * a run already.
   */
  public boolean recordMissedNight(LocalDate night, Instant scheduledAt, Instant now)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                INSERT INTO refresh_runs (id, scheduled_night, trigger, requested_by, status,
                    ended_at, error, created_at)
                VALUES (?, ?, 'schedule', ?, 'missed', ?, ?, ?)
                ON CONFLICT (scheduled_night) DO NOTHING
                """)) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, night);
      s.setString(3, "schedule " + night);
      s.setTimestamp(4, ts(now));
      s.setString(
          5,
          "missed: no node ran the refresh scheduled for "
              + scheduledAt
              + " within the catch-up window");
      s.setTimestamp(6, ts(now));
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Takes over the oldest running run whose lease expired (its node died or stalled), with a new
   * fencing token; empty when there is none.
   */
  public Optional<Lease> takeOverExpired(String node, Instant now, Duration leaseDuration)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                UPDATE refresh_runs
                SET lease_owner = ?, lease_expires_at = ?, heartbeat_at = ?,
                    fencing_token = fencing_token + 1
                WHERE id = (SELECT id FROM refresh_runs
                            WHERE status = 'running' AND lease_expires_at < ?
                            ORDER BY created_at LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                RETURNING id, fencing_token
                """)) {
      s.setString(1, node);
      s.setTimestamp(2, ts(now.plus(leaseDuration)));
      s.setTimestamp(3, ts(now));
      s.setTimestamp(4, ts(now));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new Lease(rs.getObject(1, UUID.class), node, rs.getLong(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * Renews the lease; false when it is no longer this node's (expired before the renewal, taken
   * over, or the run ended).
   */
  public boolean heartbeat(Lease lease, Instant now, Duration leaseDuration) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                UPDATE refresh_runs SET lease_expires_at = ?, heartbeat_at = ?
                WHERE id = ? AND lease_owner = ? AND fencing_token = ? AND status = 'running'
                  AND lease_expires_at >= ?
                """)) {
      s.setTimestamp(1, ts(now.plus(leaseDuration)));
      s.setTimestamp(2, ts(now));
      s.setObject(3, lease.runId());
      s.setString(4, lease.node());
      s.setLong(5, lease.fencingToken());
      s.setTimestamp(6, ts(now));
      return s.executeUpdate() == 1;
    }
  }

  /**
   * The fence: inside a publishing transaction, locks the run and throws {@link LeaseLost} unless
   * {@code lease} is still the run's current, unexpired lease. A takeover has to wait for the lock,
   * so it cannot slip in between this check and the commit.
   */
  public void checkFence(Connection c, Lease lease, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            """
            SELECT lease_owner, fencing_token, lease_expires_at, status
            FROM refresh_runs WHERE id = ? FOR UPDATE
            """)) {
      s.setObject(1, lease.runId());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new LeaseLost(lease, "the run no longer exists");
        }
        if (rs.getLong(2) != lease.fencingToken() || !lease.node().equals(rs.getString(1))) {
          throw new LeaseLost(lease, "taken over by " + rs.getString(1));
        }
        if (!"running".equals(rs.getString(4))) {
          throw new LeaseLost(lease, "the run is " + rs.getString(4));
        }
        if (!rs.getTimestamp(3).toInstant().isAfter(now)) {
          throw new LeaseLost(lease, "expired at " + rs.getTimestamp(3).toInstant());
        }
      }
    }
  }

  /** Records an organization's outcome in the caller's (fenced) transaction and counts it done. */
  public void recordOutcome(Connection c, OrganizationOutcome o) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            """
            INSERT INTO refresh_outcomes (run_id, organization_id, outcome, rows_written,
                duration_ms, retries, significant_changes, error, started_at, ended_at)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
            """)) {
      s.setObject(1, o.runId());
      s.setObject(2, o.organizationId());
      s.setString(3, o.outcome());
      s.setLong(4, o.rowsWritten());
      s.setLong(5, o.durationMs());
      s.setInt(6, o.retries());
      s.setString(7, o.significantChanges() == null ? "[]" : o.significantChanges());
      s.setString(8, o.error());
      s.setTimestamp(9, ts(o.startedAt()));
      s.setTimestamp(10, ts(o.endedAt()));
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE refresh_runs SET organizations_done = organizations_done + 1 WHERE id = ?")) {
      s.setObject(1, o.runId());
      s.executeUpdate();
    }
  }

  /**
   * The organizations the run still has to do, in a stable order: those it asked for (or every
   * active one) without an outcome in this run yet — so a node that takes a run over resumes it.
   */
  public List<UUID> pendingOrganizations(UUID runId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT o.id
                FROM refresh_runs r
                JOIN organizations o
                  ON (r.organization_ids IS NULL AND o.status = 'active')
                  OR o.id = ANY (r.organization_ids)
                WHERE r.id = ?
                  AND NOT EXISTS (SELECT 1 FROM refresh_outcomes x
                                  WHERE x.run_id = r.id AND x.organization_id = o.id)
                ORDER BY o.id
                """)) {
      s.setObject(1, runId);
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    }
  }

  /** Sets the run's phase and size, while this node holds it. */
  public boolean progress(Lease lease, String phase, Integer total) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                UPDATE refresh_runs
                SET phase = ?, organizations_total = coalesce(?, organizations_total)
                WHERE id = ? AND fencing_token = ? AND status = 'running'
                """)) {
      s.setString(1, phase);
      s.setObject(2, total);
      s.setObject(3, lease.runId());
      s.setLong(4, lease.fencingToken());
      return s.executeUpdate() == 1;
    }
  }

  /** Ends the run, while this node holds it; false when it lost the run before. */
  public boolean finish(Lease lease, String status, String error, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                UPDATE refresh_runs
                SET status = ?, phase = 'finished', error = ?, ended_at = ?, lease_expires_at = NULL
                WHERE id = ? AND fencing_token = ? AND lease_owner = ? AND status = 'running'
                """)) {
      s.setString(1, status);
      s.setString(2, error);
      s.setTimestamp(3, ts(now));
      s.setObject(4, lease.runId());
      s.setLong(5, lease.fencingToken());
      s.setString(6, lease.node());
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Gives the run up at once (a node shutting down): another node takes it over on its next watch
   * instead of waiting for the lease to run out.
   */
  public boolean release(Lease lease, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                UPDATE refresh_runs SET lease_expires_at = ?
                WHERE id = ? AND fencing_token = ? AND lease_owner = ? AND status = 'running'
                """)) {
      s.setTimestamp(1, ts(now));
      s.setObject(2, lease.runId());
      s.setLong(3, lease.fencingToken());
      s.setString(4, lease.node());
      return s.executeUpdate() == 1;
    }
  }

  public boolean nightHasRun(LocalDate night) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT 1 FROM refresh_runs WHERE scheduled_night = ?")) {
      s.setObject(1, night);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  public Optional<RunReport> find(UUID id) throws SQLException {
    return first(reports("WHERE r.id = ?", id, 1, 0));
  }

  /** Runs, newest first. */
  public List<RunReport> recent(int limit, int offset) throws SQLException {
    return reports("", null, limit, offset);
  }

  /** The newest run that is still running, if any. */
  public Optional<RunReport> running() throws SQLException {
    return first(reports("WHERE r.status = 'running'", null, 1, 0));
  }

  /** The newest run that has started or ended (missed nights excluded). */
  public Optional<RunReport> latest() throws SQLException {
    return first(reports("WHERE r.status <> 'missed'", null, 1, 0));
  }

  /** The newest run that completed: every organization refreshed or fresh already. */
  public Optional<RunReport> lastSuccess() throws SQLException {
    return first(reports("WHERE r.status = 'completed'", null, 1, 0));
  }

  public List<OrganizationOutcome> outcomes(UUID runId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT run_id, organization_id, outcome, rows_written, duration_ms, retries,
                       significant_changes::text, error, started_at, ended_at
                FROM refresh_outcomes WHERE run_id = ? ORDER BY ended_at, organization_id
                """)) {
      s.setObject(1, runId);
      List<OrganizationOutcome> outcomes = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          outcomes.add(
              new OrganizationOutcome(
                  rs.getObject(1, UUID.class),
                  rs.getObject(2, UUID.class),
                  rs.getString(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getInt(6),
                  rs.getString(7),
                  rs.getString(8),
                  instant(rs.getTimestamp(9)),
                  instant(rs.getTimestamp(10))));
        }
      }
      return outcomes;
    }
  }

  private List<RunReport> reports(String where, Object parameter, int limit, int offset)
      throws SQLException {
    String sql =
        "SELECT "
            + RUN_COLUMNS
            + """
            , (SELECT coalesce(jsonb_object_agg(outcome, n), '{}')::text
               FROM (SELECT outcome, count(*) n FROM refresh_outcomes x
                     WHERE x.run_id = r.id GROUP BY outcome) o)
            FROM refresh_runs r
            """
            + where
            + " ORDER BY r.created_at DESC, r.id LIMIT ? OFFSET ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      if (parameter != null) {
        s.setObject(i++, parameter);
      }
      s.setInt(i++, limit);
      s.setInt(i, offset);
      List<RunReport> reports = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          reports.add(report(rs));
        }
      }
      return reports;
    }
  }

  private static RunReport report(ResultSet rs) throws SQLException {
    Array ids = rs.getArray(6);
    List<UUID> organizationIds =
        ids == null
            ? List.of()
            : Arrays.stream((Object[]) ids.getArray()).map(UUID.class::cast).toList();
    return new RunReport(
        rs.getObject(1, UUID.class),
        rs.getObject(2, LocalDate.class),
        rs.getString(3),
        rs.getString(4),
        rs.getBoolean(5),
        organizationIds,
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getLong(10),
        instant(rs.getTimestamp(11)),
        instant(rs.getTimestamp(12)),
        instant(rs.getTimestamp(13)),
        instant(rs.getTimestamp(14)),
        rs.getInt(15),
        rs.getInt(16),
        rs.getString(17),
        instant(rs.getTimestamp(18)),
        counts(rs.getString(19)));
  }

  /** Outcome counts from {"refreshed": 3, ...}, every outcome present. */
  private static Map<String, Integer> counts(String json) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    RunReport.OUTCOMES.forEach(o -> counts.put(o, 0));
    try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
      reader
          .readObject()
          .forEach((k, v) -> counts.put(k, ((jakarta.json.JsonNumber) v).intValue()));
    }
    return counts;
  }

  private static <T> Optional<T> first(List<T> list) {
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
