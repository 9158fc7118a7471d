package com.procurementcache.refresh.boundary;

import com.procurementcache.metrics.control.SecondsCounter;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The refresh in MicroProfile Metrics (Prometheus names, base units, no per-organization labels):
 * {@code refresh_runs_total{status}} and {@code refresh_run_duration_seconds_total} (the seconds of
 * the runs this node finished), {@code refresh_organization_outcomes_total{outcome}} and {@code
 * refresh_organization_duration_seconds_total}, and {@code refresh_data_age_seconds} (since the
 * cluster's last completed run, as the audit trail in PostgreSQL says, on every node).
 *
 * <p>Durations are counters of seconds rather than MicroProfile timers: Payara's Prometheus output
 * of a timer carries a {@code _mean} family without HELP, which Prometheus' linter rejects. A mean
 * is {@code rate(..._duration_seconds_total) / rate(..._total)}.
 */
@ApplicationScoped
public class RefreshMetrics {

  private static final Duration AGE_MEMO = Duration.ofSeconds(10);

  @Inject MetricRegistry registry;

  @Inject RefreshAudit audit;

  @Inject Clock clock;

  private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
  private volatile Instant lastSuccessReadAt = Instant.EPOCH;
  private SecondsCounter runSeconds;
  private SecondsCounter organizationSeconds;

  /**
   * Every family exists from the start, on every node, whether or not it has worked on a run: the
   * metrics endpoint answers for the application scope only once it holds a metric.
   */
  @PostConstruct
  void register() {
    registry.gauge(
        Metadata.builder()
            .withName("refresh.data.age")
            .withDescription(
                "Seconds since the cluster's last completed refresh run; -1 before the first")
            .withUnit(MetricUnits.SECONDS)
            .build(),
        this,
        RefreshMetrics::dataAgeSeconds);
    for (RunStatus status : RunStatus.values()) {
      if (status != RunStatus.PENDING && status != RunStatus.RUNNING) {
        runs(status);
      }
    }
    for (Outcome outcome : Outcome.values()) {
      outcomes(outcome);
    }
    runSeconds =
        SecondsCounter.register(
            registry,
            "refresh.run.duration",
            "Seconds spent in the refresh runs this node finished, summed");
    organizationSeconds =
        SecondsCounter.register(
            registry,
            "refresh.organization.duration",
            "Seconds spent refreshing organizations on this node, retries included, summed");
  }

  /** Instantiates the bean, and so registers the metrics, when the application starts. */
  void startup(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // the bean's construction is the point
  }

  void runFinished(RunReport run) {
    runs(run.status()).inc();
    if (run.duration() != null) {
      runSeconds.add(run.duration());
    }
    if (run.succeeded()) {
      lastSuccess.set(run.endedAt());
    }
  }

  void organizationFinished(OrganizationOutcome outcome) {
    outcomes(outcome.outcome()).inc();
    organizationSeconds.add(Duration.ofMillis(outcome.durationMs()));
  }

  private Counter runs(RunStatus status) {
    return registry.counter(
        Metadata.builder()
            .withName("refresh.runs")
            .withDescription("Refresh runs this node finished, by status")
            .build(),
        new Tag("status", status.wireName()));
  }

  private Counter outcomes(Outcome outcome) {
    return registry.counter(
        Metadata.builder()
            .withName("refresh.organization.outcomes")
            .withDescription("Organizations this node finished in a refresh run, by outcome")
            .build(),
        new Tag("outcome", outcome.wireName()));
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
