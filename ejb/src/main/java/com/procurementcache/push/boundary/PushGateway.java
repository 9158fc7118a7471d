package com.procurementcache.push.boundary;

import com.procurementcache.organization.boundary.OrganizationDirectory;
import com.procurementcache.push.control.CloseCause;
import com.procurementcache.push.control.Origins;
import com.procurementcache.push.control.PushMetrics;
import com.procurementcache.push.control.PushSettings;
import com.procurementcache.push.control.Sender;
import com.procurementcache.push.control.Subscriptions;
import com.procurementcache.security.control.TokenVerifier;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the WebSocket endpoint opens push sessions: it checks handshake origins, keeps this node's
 * open sessions, pings them (and closes the silent ones) every {@code push.ping-interval}, and
 * closes them all with 1001 when the application stops.
 */
@ApplicationScoped
public class PushGateway {

  private static final Logger LOG = Logger.getLogger(PushGateway.class.getName());

  @Inject TokenVerifier verifier;

  @Inject Subscriptions subscriptions;

  @Inject ChangeFeed feed;

  @Inject OrganizationDirectory organizations;

  @Inject RefreshWatcher progress;

  @Inject PushSettings settings;

  @Inject PushMetrics metrics;

  @Inject Clock clock;

  @Resource ManagedScheduledExecutorService scheduler;

  @Resource ManagedThreadFactory threads;

  private final Set<PushSession> sessions = ConcurrentHashMap.newKeySet();
  private PushServices services;

  /**
   * The sockets' writes. A write to a client that stopped reading blocks its thread until the
   * client reads or the connection's write timeout ends it, so this pool grows rather than make the
   * other sockets wait behind such a write; idle threads go after a minute.
   */
  private ExecutorService writers;

  private ScheduledFuture<?> sweeping;

  @PostConstruct
  void assemble() {
    writers = Executors.newCachedThreadPool(threads);
    services =
        new PushServices(
            verifier,
            subscriptions,
            feed,
            organizations,
            progress,
            settings,
            metrics,
            scheduler,
            writers,
            clock);
  }

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    long interval = settings.pingInterval().toMillis();
    sweeping =
        scheduler.scheduleAtFixedRate(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
  }

  /**
   * Whether a handshake with this {@code Origin} header (null: none), sent to {@code host} (its
   * {@code Host} header), may open a socket.
   */
  public boolean originAllowed(String origin, String host) {
    return Origins.allowed(origin, host, settings.allowedOrigins());
  }

  /** How long a socket may stay silent before the container closes it. */
  public Duration idleTimeout() {
    return settings.idleTimeout();
  }

  /** A session for a socket that just opened; one whose origin is not allowed is closed at once. */
  public PushSession open(Sender sender, boolean originAllowed) {
    PushSession session = new PushSession(sender, services, this::ended);
    sessions.add(session);
    metrics.opened();
    session.opened(originAllowed);
    return session;
  }

  private void ended(PushSession session) {
    if (sessions.remove(session)) {
      metrics.closed();
    }
  }

  void sweep() {
    var now = clock.instant();
    for (PushSession session : sessions) {
      try {
        session.sweep(now);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Could not ping a push socket", e);
      }
    }
  }

  @PreDestroy
  void stop() {
    if (sweeping != null) {
      sweeping.cancel(false);
    }
    sessions.forEach(session -> session.close(CloseCause.SHUTDOWN));
    writers.shutdown();
  }
}
