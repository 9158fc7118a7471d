package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.RunReport;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The refresh in MicroProfile Metrics (Prometheus names, base units, no per-organization labels):
 * {@code refresh_run_duration_seconds}, {@code refresh_runs_total{status}}, {@code
 * refresh_organization_duration_seconds}, {@code refresh_organization_outcomes_total{outcome}} and
 * {@code refresh_data_age_seconds} (since the last completed run, as the cluster's audit trail
 * says).
 */
@ApplicationScoped
public class RefreshMetrics {

  private static final Duration AGE_MEMO = Duration.ofSeconds(10);

  @Inject MetricRegistry registry;

  @Inject RefreshAudit audit;

  @Inject Clock clock;

  private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
  private volatile Instant lastSuccessReadAt = Instant.EPOCH;

  @PostConstruct
  void register() {
    registry.gauge(
        Metadata.builder()
            .withName("refresh.data.age")
            .withDescription("Seconds since the last completed refresh run; -1 before the first")
            .withUnit(MetricUnits.SECONDS)
            .build(),
        this,
        RefreshMetrics::dataAgeSeconds);
  }

  void runFinished(RunReport run) {
    registry
        .counter(
            Metadata.builder()
                .withName("refresh.runs")
                .withDescription("Refresh runs this node finished, by status")
                .build(),
            new Tag("status", run.status().wireName()))
        .inc();
    if (run.duration() != null) {
      registry
          .timer(
              Metadata.builder()
                  .withName("refresh.run.duration")
                  .withDescription("Duration of refresh runs this node finished")
                  .withUnit(MetricUnits.SECONDS)
                  .build())
          .update(run.duration());
    }
    if (run.succeeded()) {
      lastSuccess.set(run.endedAt());
    }
  }

  void organizationFinished(OrganizationOutcome outcome) {
    registry
        .counter("refresh.organization.outcomes", new Tag("outcome", outcome.outcome().wireName()))
        .inc();
    registry
        .timer(
            Metadata.builder()
                .withName("refresh.organization.duration")
                .withDescription("Duration of one organization's refresh, retries included")
                .withUnit(MetricUnits.SECONDS)
                .build())
        .update(Duration.ofMillis(outcome.durationMs()));
  }

  double dataAgeSeconds() {
    Instant now = clock.instant();
    if (Duration.between(lastSuccessReadAt, now).compareTo(AGE_MEMO) > 0) {
      lastSuccessReadAt = now;
      try {
        // Another node may have finished the latest run: ask the audit trail, now and then.
        audit.lastSuccess().ifPresent(run -> lastSuccess.set(run.endedAt()));
      } catch (SQLException e) {
        // keep the last known value
      }
    }
    Instant success = lastSuccess.get();
    return success == null ? -1 : Duration.between(success, now).toMillis() / 1000.0;
  }
}
