package com.procurementcache.push.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
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
import org.eclipse.microprofile.metrics.Timer;

/**
 * The push sockets in MicroProfile Metrics (Prometheus names, base units, no per-organization
 * labels): {@code push_sessions} (open now), {@code push_events_sent_total{type}}, {@code
 * push_resyncs_total}, {@code push_slow_consumer_closes_total} and {@code
 * push_notification_lag_seconds} (a change's commit to its live {@code cache_invalidation} sent).
 */
@ApplicationScoped
public class PushMetrics {

  @Inject MetricRegistry registry;

  private final AtomicInteger sessions = new AtomicInteger();
  private final Map<String, Counter> sent = new ConcurrentHashMap<>();
  private Counter resyncs;
  private Counter slowConsumerCloses;
  private Timer lag;

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
    lag =
        registry.timer(
            Metadata.builder()
                .withName("push.notification.lag")
                .withDescription("From a change's commit to its cache_invalidation sent")
                .withUnit(MetricUnits.SECONDS)
                .build());
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
    lag.update(sinceCommit.isNegative() ? Duration.ZERO : sinceCommit);
  }
}
