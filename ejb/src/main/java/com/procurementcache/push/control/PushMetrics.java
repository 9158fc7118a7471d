package com.procurementcache.push.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The push sockets in MicroProfile Metrics (Prometheus names, base units, no per-organization
 * labels): {@code push_sessions} (open now), {@code push_events_sent_total{type}}, {@code
 * push_resyncs_total}, {@code push_slow_consumer_closes_total}, {@code push_notifications_total}
 * (live {@code cache_invalidation} messages sent) and {@code push_notification_lag_seconds_total}
 * (from each one's commit to its sending, summed: a counter rather than a timer for the reason
 * {@code RefreshMetrics} gives).
 */
@ApplicationScoped
public class PushMetrics {

  @Inject MetricRegistry registry;

  private final AtomicInteger sessions = new AtomicInteger();
  private final Map<String, Counter> sent = new ConcurrentHashMap<>();
  private Counter resyncs;
  private Counter slowConsumerCloses;
  private Counter notifications;
  private Counter lag;

  @PostConstruct
  void register() {
    registry.gauge(
        Metadata.builder()
            .withName("push.sessions")
            .withDescription("Push sockets open on this node")
            .withUnit(MetricUnits.NONE)
            .build(),
        sessions,
        AtomicInteger::get);
    resyncs =
        registry.counter(
            Metadata.builder()
                .withName("push.resyncs")
                .withDescription("Resyncs sent: the client must reload an organization's data")
                .build());
    slowConsumerCloses =
        registry.counter(
            Metadata.builder()
                .withName("push.slow.consumer.closes")
                .withDescription("Sockets closed because their client did not keep up")
                .build());
    notifications =
        registry.counter(
            Metadata.builder()
                .withName("push.notifications")
                .withDescription("Live cache_invalidation messages sent on push sockets")
                .build());
    lag =
        registry.counter(
            Metadata.builder()
                .withName("push.notification.lag")
                .withDescription("Seconds from each change's commit to its cache_invalidation sent")
                .withUnit(MetricUnits.MICROSECONDS)
                .build());
  }

  /** Instantiates the bean, and so registers the metrics, when the application starts. */
  void startup(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // the bean's construction is the point
  }

  public void opened() {
    sessions.incrementAndGet();
  }

  public void closed() {
    sessions.decrementAndGet();
  }

  /** A message went out on a socket. */
  public void sent(ServerMessage message) {
    sent.computeIfAbsent(
            message.type(),
            type ->
                registry.counter(
                    Metadata.builder()
                        .withName("push.events.sent")
                        .withDescription("Messages sent on push sockets, by type")
                        .build(),
                    new Tag("type", type)))
        .inc();
  }

  public void resync() {
    resyncs.inc();
  }

  public void slowConsumerClosed() {
    slowConsumerCloses.inc();
  }

  /** How long after its commit a live change reached a socket. */
  public void lag(Duration sinceCommit) {
    notifications.inc();
    lag.inc(sinceCommit.isNegative() ? 0 : sinceCommit.toNanos() / 1000);
  }
}
