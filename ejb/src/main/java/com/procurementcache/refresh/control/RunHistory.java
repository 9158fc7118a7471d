package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunMembership;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import com.procurementcache.schema.entity.StoredName;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;
import java.io.StringReader;
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
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The refresh's audit trail ({@code refresh_runs}, {@code refresh_outcomes}): the outcome of each
 * organization in each run, what a run still has to do, and the runs as reports.
 */
public class RunHistory {

  private static final String RUN_COLUMNS =
      """
      r.id, r.scheduled_night, r.trigger, r.requested_by, r.forced, r.organization_ids, r.status,
      r.phase, r.lease_owner, r.fencing_token, r.lease_expires_at, r.started_at, r.heartbeat_at,
      r.ended_at, r.organizations_total, r.organizations_done, r.error, r.created_at
      """;

  /** Whether run {@code r} covers organization {@code o}: asked for, or every active one. */
  private static final String COVERS =
      "(r.organization_ids IS NULL AND o.status = 'active') OR o.id = ANY (r.organization_ids)";

  private static final String NEWEST_FIRST = " ORDER BY r.created_at DESC, r.id";

  /** A run under way before every other, then the newest. */
  private static final String RUNNING_FIRST =
      " ORDER BY (r.status = '" + RunStatus.RUNNING.wireName() + "') DESC, r.created_at DESC, r.id";

  private final DataSource dataSource;

  public RunHistory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The full run (every active organization) under way, if any. */
  public Optional<UUID> fullRunUnderWay() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id FROM refresh_runs WHERE status = ? AND organization_ids IS NULL")) {
      s.setString(1, RunStatus.RUNNING.wireName());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
      }
    }
  }

  /**
   * Records an organization's outcome in the caller's transaction (fenced by the caller: see {@link
   * RunLease#checkFence}) and counts it done.
   */
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
      s.setString(3, o.outcome().wireName());
      s.setLong(4, o.rowsWritten());
      s.setLong(5, o.durationMs());
      s.setInt(6, o.retries());
      s.setString(7, o.significantChanges());
      s.setString(8, o.error());
      s.setTimestamp(9, Timestamp.from(o.startedAt()));
      s.setTimestamp(10, Timestamp.from(o.endedAt()));
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
                JOIN organizations o ON %s
                WHERE r.id = ?
                  AND NOT EXISTS (SELECT 1 FROM refresh_outcomes x
                                  WHERE x.run_id = r.id AND x.organization_id = o.id)
                ORDER BY o.id
                """
                    .formatted(COVERS))) {
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

  /**
   * The mean time of the latest {@code sample} organization refreshes (outcome {@code refreshed},
   * any run): what a run expects an organization to take before it has timed one of its own. Empty
   * on a new installation.
   */
  public Optional<Duration> recentMeanRefreshTime(int sample) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT avg(duration_ms)
                FROM (SELECT duration_ms FROM refresh_outcomes WHERE outcome = 'refreshed'
                      ORDER BY ended_at DESC LIMIT ?) latest
                """)) {
      s.setInt(1, sample);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        double mean = rs.getDouble(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(mean)));
      }
    }
  }

  /**
   * Where each of {@code organizations} stands in the run, in one query: its outcome once it has
   * one, else whether the run covers it (the same rule as {@link #pendingOrganizations}).
   * Organizations that do not exist are left out.
   */
  public List<RunMembership> memberships(UUID runId, Collection<UUID> organizations)
      throws SQLException {
    if (organizations.isEmpty()) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT o.id, coalesce(%s, false), x.outcome
                FROM refresh_runs r
                JOIN organizations o ON o.id = ANY (?::uuid[])
                LEFT JOIN refresh_outcomes x ON x.run_id = r.id AND x.organization_id = o.id
                WHERE r.id = ?
                """
                    .formatted(COVERS))) {
      s.setArray(1, c.createArrayOf("uuid", organizations.toArray()));
      s.setObject(2, runId);
      List<RunMembership> memberships = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String outcome = rs.getString(3);
          memberships.add(
              new RunMembership(
                  rs.getObject(1, UUID.class),
                  rs.getBoolean(2),
                  outcome == null ? null : StoredName.fromWire(Outcome.class, outcome)));
        }
      }
      return memberships;
    }
  }

  /** Whether {@code night} has its scheduled run (claimed, or recorded as missed). */
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
    try (Connection c = dataSource.getConnection()) {
      return find(c, id);
    }
  }

  /** The run as the caller's transaction sees it (e.g. just before that transaction ends it). */
  public Optional<RunReport> find(Connection c, UUID id) throws SQLException {
    return first(reports(c, "WHERE r.id = ?", NEWEST_FIRST, id, 1, 0));
  }

  /** Runs, newest first. */
  public List<RunReport> recent(int limit, int offset) throws SQLException {
    return reports("", null, limit, offset);
  }

  /** The newest run that is still running, if any. */
  public Optional<RunReport> running() throws SQLException {
    return first(reports("WHERE r.status = ?", RunStatus.RUNNING.wireName(), 1, 0));
  }

  /** The newest run that has started or ended (missed nights excluded). */
  public Optional<RunReport> latest() throws SQLException {
    return first(reports("WHERE r.status <> ?", RunStatus.MISSED.wireName(), 1, 0));
  }

  /**
   * The run a user is shown (see {@link RefreshStatus.State#of}): the newest one still running,
   * else the newest that started or ended — what {@link #running()} and {@link #latest()} answer
   * together, in one query.
   */
  public Optional<RunReport> shown() throws SQLException {
    return first(reports("WHERE r.status <> ?", RUNNING_FIRST, RunStatus.MISSED.wireName(), 1, 0));
  }

  /** The newest run that completed: every organization refreshed or fresh already. */
  public Optional<RunReport> lastSuccess() throws SQLException {
    return first(reports("WHERE r.status = ?", RunStatus.COMPLETED.wireName(), 1, 0));
  }

  /** Each organization's outcome in the run, in the order they ended. */
  public List<OrganizationOutcome> outcomes(UUID runId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return outcomes(c, runId);
    }
  }

  /** Each organization's outcome in the run, read on the caller's connection. */
  public List<OrganizationOutcome> outcomes(Connection c, UUID runId) throws SQLException {
    try (PreparedStatement s =
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
                  StoredName.fromWire(Outcome.class, rs.getString(3)),
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
    return reports(where, NEWEST_FIRST, parameter, limit, offset);
  }

  private List<RunReport> reports(
      String where, String order, Object parameter, int limit, int offset) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return reports(c, where, order, parameter, limit, offset);
    }
  }

  private static List<RunReport> reports(
      Connection c, String where, String order, Object parameter, int limit, int offset)
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
            + order
            + " LIMIT ? OFFSET ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
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
        StoredName.fromWire(RunTrigger.class, rs.getString(3)),
        rs.getString(4),
        rs.getBoolean(5),
        organizationIds,
        StoredName.fromWire(RunStatus.class, rs.getString(7)),
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
    Map<Outcome, Integer> counted = new EnumMap<>(Outcome.class);
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      reader
          .readObject()
          .forEach(
              (k, v) ->
                  counted.put(StoredName.fromWire(Outcome.class, k), ((JsonNumber) v).intValue()));
    }
    return RunReport.counts(counted);
  }

  private static <T> Optional<T> first(List<T> list) {
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
