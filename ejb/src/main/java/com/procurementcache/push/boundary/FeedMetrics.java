package com.procurementcache.push.boundary;

import com.procurementcache.metrics.control.SecondsCounter;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.ChangeReason;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The change feed in MicroProfile Metrics: {@code push_changes_applied_total{reason}} with {@code
 * push_change_apply_lag_seconds_total} (written → applied on this node, summed), {@code
 * push_changes_notified_total} with {@code push_change_notify_lag_seconds_total} (written → its
 * notification reached the listener, summed) and {@code push_changes_polled_total} (changes the
 * catch-up poll found before any notification did). A mean lag is the rate of the seconds over the
 * rate of its count; the lags are counters rather than timers for the reason {@code RefreshMetrics}
 * gives.
 */
@ApplicationScoped
public class FeedMetrics {

  @Inject MetricRegistry registry;

  private SecondsCounter applyLag;
  private Counter notified;
  private SecondsCounter notifyLag;
  private Counter polled;

  @PostConstruct
  void register() {
    for (ChangeReason reason : ChangeReason.values()) {
      applied(reason);
    }
    applyLag =
        SecondsCounter.register(
            registry,
            "push.change.apply.lag",
            "Seconds from each change's write to its application on this node, summed");
    notified =
        registry.counter(
            Metadata.builder()
                .withName("push.changes.notified")
                .withDescription("Changes whose notification reached this node's listener")
                .build());
    notifyLag =
        SecondsCounter.register(
            registry,
            "push.change.notify.lag",
            "Seconds from each change's write to its notification reaching this node, summed");
    polled =
        registry.counter(
            Metadata.builder()
                .withName("push.changes.polled")
                .withDescription("Changes found by the catch-up poll rather than by a notification")
                .build());
  }

  /** Instantiates the bean, and so registers the metrics, when the application starts. */
  void startup(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // the bean's construction is the point
  }

  void applied(Change change, Instant now) {
    applied(change.reason()).inc();
    applyLag.add(Duration.between(change.changedAt(), now));
  }

  void notified(Change change, Instant notifiedAt) {
    notified.inc();
    notifyLag.add(Duration.between(change.changedAt(), notifiedAt));
  }

  void polled() {
    polled.inc();
  }

  private Counter applied(ChangeReason reason) {
    return registry.counter(
        Metadata.builder()
            .withName("push.changes.applied")
            .withDescription("Changes this node applied (evicted, sent), by reason")
            .build(),
        new Tag("reason", reason.wireName()));
  }
}
