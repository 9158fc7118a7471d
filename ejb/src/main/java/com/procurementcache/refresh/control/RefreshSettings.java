package com.procurementcache.refresh.control;

import com.procurementcache.analytics.entity.DataType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * The nightly refresh's settings ({@code refresh.*}), read once from MicroProfile Config. The
 * defaults are the plan's NIGHTLY_UPDATES and NIGHTLY_UPDATE_BUSINESS_RULES values.
 */
public record RefreshSettings(
    RefreshSchedule schedule,
    int batchSize,
    int maxRetries,
    Duration timeout,
    Duration minAge,
    double maxLoad,
    boolean waitIfHighLoad,
    Duration loadWait,
    boolean notifyOnChanges,
    BigDecimal changeThreshold,
    Duration stalenessLimit,
    Duration catchUpWindow,
    Duration leaseDuration,
    Duration heartbeatInterval,
    Duration watchInterval,
    Duration monitorInterval,
    Duration retryBackoff,
    Duration lockTimeout,
    List<DataType> dataTypes,
    Validation validation) {

  /** What is checked before an organization's new figures are published. */
  public record Validation(
      boolean checkDataIntegrity,
      boolean validateBusinessRules,
      boolean detectAnomalies,
      boolean rollbackOnFailure,
      BigDecimal anomalyMaxChange) {}

  public RefreshSettings {
    Objects.requireNonNull(schedule, "a schedule");
    require(batchSize > 0, "refresh.batch-size must be positive");
    require(maxRetries >= 0, "refresh.max-retries must not be negative");
    require(positive(timeout), "refresh.timeout must be positive");
    require(!minAge.isNegative(), "refresh.min-age must not be negative");
    require(maxLoad > 0, "refresh.max-load must be positive");
    require(positive(leaseDuration), "refresh.lease-duration must be positive");
    require(
        positive(heartbeatInterval) && heartbeatInterval.compareTo(leaseDuration) < 0,
        "refresh.heartbeat-interval must be positive and shorter than refresh.lease-duration");
    require(positive(watchInterval), "refresh.watch-interval must be positive");
    dataTypes = List.copyOf(dataTypes);
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
        config.getValue("refresh.max-load", Double.class),
        config.getValue("refresh.wait-if-high-load", Boolean.class),
        config.getValue("refresh.load-wait", Duration.class),
        config.getValue("refresh.notify-on-changes", Boolean.class),
        config.getValue("refresh.change-threshold", BigDecimal.class),
        config.getValue("refresh.staleness-limit", Duration.class),
        config.getValue("refresh.catch-up-window", Duration.class),
        config.getValue("refresh.lease-duration", Duration.class),
        config.getValue("refresh.heartbeat-interval", Duration.class),
        config.getValue("refresh.watch-interval", Duration.class),
        config.getValue("refresh.monitor-interval", Duration.class),
        config.getValue("refresh.retry-backoff", Duration.class),
        config.getValue("refresh.lock-timeout", Duration.class),
        dataTypes(config.getValue("refresh.data-types", String.class)),
        new Validation(
            config.getValue("refresh.validation.check-data-integrity", Boolean.class),
            config.getValue("refresh.validation.validate-business-rules", Boolean.class),
            config.getValue("refresh.validation.detect-anomalies", Boolean.class),
            config.getValue("refresh.validation.rollback-on-failure", Boolean.class),
            config.getValue("refresh.validation.anomaly-max-change", BigDecimal.class)));
  }

  static List<DataType> dataTypes(String slugs) {
    return Arrays.stream(slugs.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(
            slug ->
                DataType.fromSlug(slug)
                    .filter(DataType::nightly)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "refresh.data-types: '" + slug + "' is not a nightly data type")))
        .toList();
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
