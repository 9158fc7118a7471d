package com.procurementcache.refresh.control;

import com.procurementcache.analytics.control.AnalyticsComputation;
import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.analytics.entity.Violation;
import com.procurementcache.push.control.ChangeLog;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.OrganizationRefreshed;
import com.procurementcache.refresh.entity.SignificantChange;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One organization's refresh, as the work of one transaction: recompute every nightly data type,
 * validate, compare with the previous figures, and publish — or throw, so that the transaction
 * rolls back and the previous figures stay. Readers never see half of it: PostgreSQL shows them the
 * previous rows until the commit.
 */
public class OrganizationRefresher {

  private final RunHistory history;
  private final AnalyticsComputation computation;
  private final RefreshSettings settings;
  private final Clock clock;

  public OrganizationRefresher(
      RunHistory history, AnalyticsComputation computation, RefreshSettings settings, Clock clock) {
    this.history = history;
    this.computation = computation;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Refreshes {@code organization} on {@code c} (inside the caller's transaction) and records its
   * outcome there, fenced by {@code lease}. No statement of it runs past {@code
   * refresh.statement-timeout} nor past the run's {@code deadline}: PostgreSQL stops it (SQLSTATE
   * 57014), the transaction rolls back and the attempt fails like any other.
   *
   * @return the outcome recorded: refreshed, or skipped as fresh
   * @throws ValidationFailed the new figures failed validation (roll back)
   * @throws LeaseLost this node no longer holds the run (roll back, stop the run)
   */
  public OrganizationOutcome refresh(
      Connection c,
      RunLease lease,
      UUID organization,
      boolean forced,
      int retries,
      ChangeReason reason,
      Instant deadline,
      Consumer<OrganizationRefreshed> published)
      throws SQLException, ValidationFailed {
    Stopwatch watch = Stopwatch.start(clock);
    Instant started = watch.startedAt();
    Duration statementTimeout = statementTimeout(settings.statementTimeout(), started, deadline);
    try (Statement s = c.createStatement()) {
      // One snapshot for every statement of the refresh: a source write committed meanwhile
      // cannot make the recomputed tables disagree with each other or with the validation.
      s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      // A refresh that waits long for a lock (another run on the same organization, a long
      // writer) fails and is retried rather than holding the run up.
      s.execute("SET LOCAL lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'");
      // A statement that runs long (a lock wait, a hung plan, a slow disk) stops within the run's
      // time, so refresh.timeout holds inside an organization too, not only between two.
      s.execute("SET LOCAL statement_timeout = '" + statementTimeout.toMillis() + "ms'");
    }
    // The fence first: the run stays this node's until the commit (RunLease#checkFence).
    lease.checkFence(c, clock.instant());
    lockOrganization(c, organization);
    Snapshot previous = snapshot(c, organization);
    String fingerprint = sourceFingerprint(c, organization);
    if (!forced && previous.refreshedAt() != null) {
      Instant freshUntil = previous.refreshedAt().plus(settings.minAge());
      // Fresh means: refreshed recently and its source has not changed since.
      if (started.isBefore(freshUntil) && fingerprint.equals(previous.sourceFingerprint())) {
        lease.renew(c, clock.instant());
        return record(
            c, OrganizationOutcome.skipped(lease.runId(), organization, retries, watch.timing()));
      }
    }

    Map<String, BigDecimal> before = computation.keyFigures(c, organization);
    long version = previous.version() + 1;
    LocalDate asOf = LocalDate.ofInstant(started, settings.schedule().zone());
    long rows = computation.recompute(c, organization, version, started, asOf);
    recordFingerprint(c, organization, fingerprint);

    List<String> problems = new ArrayList<>();
    for (Violation v : computation.validate(c, organization)) {
      if (applies(v)) {
        problems.add(v.kind() + " " + v.rule() + ": " + v.detail());
      }
    }
    Map<String, BigDecimal> after = computation.keyFigures(c, organization);
    List<SignificantChange> changes =
        ChangeDetector.significant(before, after, settings.changeThreshold());
    if (settings.validation().detectAnomalies()) {
      for (SignificantChange a :
          ChangeDetector.anomalies(changes, settings.validation().anomalyMaxChange())) {
        problems.add(
            "anomaly "
                + a.figure()
                + ": changed from "
                + a.previous()
                + " to "
                + a.current()
                + " (more than the anomaly limit)");
      }
    }
    String warning = null;
    if (!problems.isEmpty()) {
      if (settings.validation().rollbackOnFailure()) {
        throw new ValidationFailed(problems);
      }
      warning = "published despite failed validation: " + String.join("; ", problems);
    }

    lease.renew(c, clock.instant());
    // The change-log row commits with the new figures: every node learns of them from the log.
    ChangeLog.record(
        c, organization, reason, DataType.nightlyTypes(), changes, lease.runId(), started);
    OrganizationOutcome outcome =
        record(
            c,
            OrganizationOutcome.refreshed(
                lease.runId(), organization, retries, watch.timing(), rows, changes, warning));
    published.accept(
        new OrganizationRefreshed(
            organization,
            version,
            started,
            reason.wireName(),
            lease.runId(),
            new HashSet<>(DataType.nightlyTypes()),
            changes));
    return outcome;
  }

  /**
   * {@code limit} ({@code refresh.statement-timeout}), or the time left until the run's deadline if
   * that is less; at least a millisecond (0 would mean no limit to PostgreSQL).
   */
  static Duration statementTimeout(Duration limit, Instant now, Instant deadline) {
    Duration left = Duration.between(now, deadline);
    Duration timeout = left.compareTo(limit) < 0 ? left : limit;
    return timeout.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : timeout;
  }

  private OrganizationOutcome record(Connection c, OrganizationOutcome outcome)
      throws SQLException {
    history.recordOutcome(c, outcome);
    return outcome;
  }

  private boolean applies(Violation v) {
    return switch (v.kind()) {
      case "integrity" -> settings.validation().checkDataIntegrity();
      case "business" -> settings.validation().validateBusinessRules();
      case "anomaly" -> settings.validation().detectAnomalies();
      default -> true;
    };
  }

  /** Serializes refreshes of one organization (another run, a manual refresh) in the database. */
  static void lockOrganization(Connection c, UUID organization) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      s.setLong(1, lockKey(organization));
      s.execute();
    }
  }

  /** The advisory lock key of an organization's refresh. */
  public static long lockKey(UUID organization) {
    return organization.getMostSignificantBits() ^ organization.getLeastSignificantBits();
  }

  private record Snapshot(long version, Instant refreshedAt, String sourceFingerprint) {}

  private static Snapshot snapshot(Connection c, UUID organization) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT version, refreshed_at, source_fingerprint FROM analytics_snapshots"
                + " WHERE organization_id = ?")) {
      s.setObject(1, organization);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? new Snapshot(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3))
            : new Snapshot(0, null, null);
      }
    }
  }

  /**
   * A digest of what the organization's figures are computed from (its invoices, lines, products,
   * suppliers and locations): {@code analytics_source_fingerprint} in {@code
   * sql/functions/R__fingerprint.sql} says what it covers and why.
   */
  static String sourceFingerprint(Connection c, UUID organization) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT analytics_source_fingerprint(?)")) {
      s.setObject(1, organization);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void recordFingerprint(Connection c, UUID organization, String fingerprint)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE analytics_snapshots SET source_fingerprint = ? WHERE organization_id = ?")) {
      s.setString(1, fingerprint);
      s.setObject(2, organization);
      s.executeUpdate();
    }
  }
}
