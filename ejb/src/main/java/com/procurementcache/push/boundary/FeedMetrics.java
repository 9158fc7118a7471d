package com.procurementcache.push.boundary;

import com.procurementcache.push.entity.Change;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The change feed in MicroProfile Metrics: {@code push_changes_applied_total{reason}}, {@code
 * push_changes_polled_total} (changes the catch-up poll found before any notification did) and
 * {@code push_change_apply_lag_seconds} (written → applied on this node) and {@code
 * push_change_notify_lag_seconds} (written → its notification reached the listener).
 */
@ApplicationScoped
public class FeedMetrics {

  @Inject MetricRegistry registry;

  void applied(Change change, Instant now) {
    registry
        .counter(
            Metadata.builder()
                .withName("push.changes.applied")
                .withDescription("Changes this node applied (evicted, sent), by reason")
                .build(),
            new Tag("reason", change.reason().wireName()))
        .inc();
    Duration lag = Duration.between(change.changedAt(), now);
    registry
        .timer(
            Metadata.builder()
                .withName("push.change.apply.lag")
                .withDescription("From a change's write to its application on this node")
                .withUnit(MetricUnits.SECONDS)
                .build())
        .update(lag.isNegative() ? Duration.ZERO : lag);
  }

  void notified(Change change, Instant notifiedAt) {
    Duration lag = Duration.between(change.changedAt(), notifiedAt);
    registry
        .timer(
            Metadata.builder()
                .withName("push.change.notify.lag")
                .withDescription(
                    "From a change's write to its notification reaching this node's listener")
                .withUnit(MetricUnits.SECONDS)
                .build())
        .update(lag.isNegative() ? Duration.ZERO : lag);
  }

  void polled() {
    registry
        .counter(
            Metadata.builder()
                .withName("push.changes.polled")
                .withDescription("Changes found by the catch-up poll rather than by a notification")
                .build())
        .inc();
  }
}
