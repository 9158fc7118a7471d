package com.procurementcache.refresh.control;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * The nightly refresh's settings ({@code refresh.*}), read once from MicroProfile Config; no other
 * bean reads a {@code refresh.*} key. The defaults are the plan's NIGHTLY_UPDATES and
 * NIGHTLY_UPDATE_BUSINESS_RULES values.
 *
 * <p>There is no setting for which data types a refresh recomputes: it recomputes every nightly
 * type ({@code DataType.nightlyTypes()}) of an organization in one transaction under one version,
 * because its validation reconciles the types with each other (every total against the dashboard
 * total) and readers see one snapshot version for all of them.
 */
public record RefreshSettings(
    RefreshSchedule schedule,
    int batchSize,
    int maxRetries,
    Duration timeout,
    Duration minAge,
    Deferral deferral,
    BigDecimal changeThreshold,
    Duration stalenessLimit,
    Duration catchUpWindow,
    Duration leaseDuration,
    Duration heartbeatInterval,
    Duration watchInterval,
    Duration monitorInterval,
    Duration retryBackoff,
    Duration lockTimeout,
    Duration statementTimeout,
    Validation validation) {

  /** What is checked before an organization's new figures are published. */
  public record Validation(
      boolean checkDataIntegrity,
      boolean validateBusinessRules,
      boolean detectAnomalies,
      boolean rollbackOnFailure,
      BigDecimal anomalyMaxChange) {}

  /**
   * When a run defers to others' work between two organizations, and for how long it may.
   *
   * @param enabled {@code refresh.wait-if-high-load}: defer at all
   * @param maxLoad {@code refresh.max-load}: the share of this JVM's CPU (without the refresh's
   *     thread, of all cores) or of the database's connections above which the run defers
   * @param requestRate {@code refresh.defer.request-rate}: API requests per second on this node
   *     above which the run defers
   * @param checkInterval {@code refresh.load-wait}: how often a deferring run measures again
   * @param safetyFactor {@code refresh.defer.safety-factor}: the estimated time to finish is
   *     multiplied by it
   * @param margin {@code refresh.defer.margin}: added to the estimated time to finish
   */
  public record Deferral(
      boolean enabled,
      double maxLoad,
      double requestRate,
      Duration checkInterval,
      double safetyFactor,
      Duration margin) {

    public Deferral {
      require(maxLoad > 0, "refresh.max-load must be positive");
      require(requestRate > 0, "refresh.defer.request-rate must be positive");
      require(
          positive(checkInterval) && checkInterval.compareTo(Duration.ofSeconds(10)) <= 0,
          "refresh.load-wait must be positive and at most PT10S: a deferring run resumes within it");
      require(safetyFactor >= 1, "refresh.defer.safety-factor must be at least 1");
      require(!margin.isNegative(), "refresh.defer.margin must not be negative");
    }
  }

  public RefreshSettings {
    Objects.requireNonNull(schedule, "a schedule");
    require(batchSize > 0, "refresh.batch-size must be positive");
    require(maxRetries >= 0, "refresh.max-retries must not be negative");
    require(positive(timeout), "refresh.timeout must be positive");
    require(!minAge.isNegative(), "refresh.min-age must not be negative");
    Objects.requireNonNull(deferral, "the deferral settings");
    require(positive(leaseDuration), "refresh.lease-duration must be positive");
    require(
        positive(heartbeatInterval) && heartbeatInterval.compareTo(leaseDuration) < 0,
        "refresh.heartbeat-interval must be positive and shorter than refresh.lease-duration");
    require(positive(watchInterval), "refresh.watch-interval must be positive");
    require(positive(statementTimeout), "refresh.statement-timeout must be positive");
  }

  public static RefreshSettings from(Config config) {
    return new RefreshSettings(
        new RefreshSchedule(
            config.getValue("refresh.schedule", String.class),
            config.getValue("refresh.zone", ZoneId.class)),
        config.getValue("refresh.batch-size", Integer.class),
        config.getValue("refresh.max-retries", Integer.class),
        config.getValue("refresh.timeout", Duration.class),
        config.getValue("refresh.min-age", Duration.class),
        new Deferral(
            config.getValue("refresh.wait-if-high-load", Boolean.class),
            config.getValue("refresh.max-load", Double.class),
            config.getValue("refresh.defer.request-rate", Double.class),
            config.getValue("refresh.load-wait", Duration.class),
            config.getValue("refresh.defer.safety-factor", Double.class),
            config.getValue("refresh.defer.margin", Duration.class)),
        config.getValue("refresh.change-threshold", BigDecimal.class),
        config.getValue("refresh.staleness-limit", Duration.class),
        config.getValue("refresh.catch-up-window", Duration.class),
        config.getValue("refresh.lease-duration", Duration.class),
        config.getValue("refresh.heartbeat-interval", Duration.class),
        config.getValue("refresh.watch-interval", Duration.class),
        config.getValue("refresh.monitor-interval", Duration.class),
        config.getValue("refresh.retry-backoff", Duration.class),
        config.getValue("refresh.lock-timeout", Duration.class),
        config.getValue("refresh.statement-timeout", Duration.class),
        new Validation(
            config.getValue("refresh.validation.check-data-integrity", Boolean.class),
            config.getValue("refresh.validation.validate-business-rules", Boolean.class),
            config.getValue("refresh.validation.detect-anomalies", Boolean.class),
            config.getValue("refresh.validation.rollback-on-failure", Boolean.class),
            config.getValue("refresh.validation.anomaly-max-change", BigDecimal.class)));
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
