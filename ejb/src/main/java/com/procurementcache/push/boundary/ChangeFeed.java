package com.procurementcache.push.boundary;

import com.procurementcache.cache.boundary.CachedData;
import com.procurementcache.cache.control.CacheVersions;
import com.procurementcache.push.control.ChangeFeedLoop;
import com.procurementcache.push.control.ChangeListener;
import com.procurementcache.push.control.ChangeLog;
import com.procurementcache.push.control.ListeningConnection;
import com.procurementcache.push.control.PushSettings;
import com.procurementcache.push.control.Subscriber;
import com.procurementcache.push.control.Subscriptions;
import com.procurementcache.push.entity.Change;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * This node's reader of the change log. One thread applies every organization's changes in version
 * order, once: it advances the organization's {@link CacheVersions}, evicts the affected cache
 * entries, then hands the change to this node's subscribers of that organization. It wakes up on a
 * notification of the {@link ChangeListener} and, whatever NOTIFY missed, every {@code
 * push.poll-interval} when it compares every organization's latest version with the one it has
 * applied.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrationStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChangeFeed {

  private static final Logger LOG = Logger.getLogger(ChangeFeed.class.getName());

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Resource ManagedThreadFactory threads;

  @Inject PushSettings settings;

  @Inject Subscriptions subscriptions;

  @Inject CacheVersions versions;

  @Inject CachedData data;

  @Inject FeedMetrics metrics;

  @Inject Clock clock;

  /** The version this node has applied, per organization. */
  private final ConcurrentMap<UUID, Long> applied = new ConcurrentHashMap<>();

  /** Organizations to catch up on, each at most once in the queue. */
  private final BlockingQueue<UUID> wakeups = new LinkedBlockingQueue<>();

  private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

  /** When a notification of an organization not yet caught up on arrived (for the lag metric). */
  private final ConcurrentMap<UUID, Instant> notifiedAt = new ConcurrentHashMap<>();

  private ChangeListener listener;
  private volatile boolean stopped;
  private volatile boolean pollNow;
  private volatile Instant lastPoll;
  private Thread applier;
  private Thread listening;

  @PostConstruct
  void start() {
    try (Connection c = dataSource.getConnection()) {
      // What this node knows from the start: changes before it are history, not events.
      applied.putAll(ChangeLog.heads(c));
      ChangeLog.latestByType(c)
          .forEach((org, byType) -> byType.forEach((t, v) -> versions.advance(org, v, Set.of(t))));
    } catch (SQLException e) {
      // The poll reads the heads as soon as PostgreSQL answers; until then every change is new.
      LOG.log(Level.WARNING, "Could not read the change log at start: {0}", e.getMessage());
    }
    listener =
        new ChangeListener(
            new ListeningConnection(dataSource),
            new ChangeListener.Wakeups() {
              @Override
              public void notified(UUID organization, long version) {
                notifiedAt.merge(organization, clock.instant(), (old, now) -> old);
                if (version > version(organization)) {
                  wake(organization);
                }
              }

              @Override
              public void listening() {
                pollNow = true;
                wake(null);
              }
            },
            settings.listenerBackoffInitial(),
            settings.listenerBackoffMax(),
            clock);
    listening = threads.newThread(listener);
    listening.setName("change-listener");
    listening.start();
    applier = threads.newThread(this::applyLoop);
    applier.setName("change-feed");
    applier.start();
  }

  @PreDestroy
  void stop() {
    stopped = true;
    listener.stop();
    applier.interrupt();
    listening.interrupt();
  }

  /** The latest version of {@code organization} this node has applied (0: none). */
  public long version(UUID organization) {
    return applied.getOrDefault(organization, 0L);
  }

  /**
   * The changes of {@code organization} after version {@code after} up to and including {@code
   * upTo}, in order; empty when they cannot all be given (older than the retained window, or more
   * than {@code push.replay-limit}): the client must then reload everything.
   */
  public Optional<List<Change>> missed(UUID organization, long after, long upTo) {
    if (after >= upTo) {
      return Optional.of(List.of());
    }
    if (upTo - after > settings.replayLimit()) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection()) {
      List<Change> changes = ChangeLog.between(c, organization, after, upTo);
      return changes.size() == upTo - after ? Optional.of(changes) : Optional.empty();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Could not read missed changes: {0}", e.getMessage());
      return Optional.empty();
    }
  }

  /** The listening connection's state, for the health check. */
  public ChangeListener.State listener() {
    return listener.state();
  }

  /** When the catch-up poll last read the change log; null before the first time. */
  public Instant lastPoll() {
    return lastPoll;
  }

  private void wake(UUID organization) {
    if (organization == null) {
      wakeups.offer(ChangeFeedLoop.POLL);
    } else if (queued.add(organization)) {
      wakeups.offer(organization);
    }
  }

  private void applyLoop() {
    ChangeFeedLoop loop =
        new ChangeFeedLoop(settings.pollInterval(), settings.cleanupInterval(), clock);
    while (!stopped) {
      try {
        UUID next = wakeups.poll(loop.untilNextWork().toMillis(), TimeUnit.MILLISECONDS);
        if (next != null && next != ChangeFeedLoop.POLL) {
          queued.remove(next);
          catchUp(next, false);
        }
        if (pollNow || loop.pollDue()) {
          pollNow = false;
          poll();
          loop.polled();
        }
        if (loop.cleanupDue()) {
          cleanup();
          loop.cleanedUp();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | SQLException e) {
        LOG.log(Level.WARNING, "Applying changes failed; the next poll retries: {0}", e.toString());
      }
    }
  }

  private void poll() throws SQLException {
    Map<UUID, Long> heads;
    try (Connection c = dataSource.getConnection()) {
      heads = ChangeLog.heads(c);
    }
    lastPoll = clock.instant();
    for (Map.Entry<UUID, Long> head : heads.entrySet()) {
      if (head.getValue() > version(head.getKey())) {
        catchUp(head.getKey(), true);
      }
    }
  }

  private void catchUp(UUID organization, boolean byPoll) throws SQLException {
    long from = version(organization);
    Instant notified = notifiedAt.remove(organization);
    List<Change> changes;
    try (Connection c = dataSource.getConnection()) {
      changes = ChangeLog.between(c, organization, from, Long.MAX_VALUE);
    }
    for (Change change : changes) {
      if (change.version() != version(organization) + 1) {
        LOG.log(
            Level.WARNING,
            "Changes {0}..{1} of organization {2} are no longer in the log; applying {3}",
            new Object[] {version(organization) + 1, change.version() - 1, organization, change});
      }
      apply(change);
      if (byPoll) {
        metrics.polled();
      } else if (notified != null) {
        metrics.notified(change, notified);
      }
    }
  }

  private void apply(Change change) {
    UUID organization = change.organizationId();
    data.changed(organization, change.version(), change.dataTypes(), change.runId() != null);
    applied.put(organization, change.version());
    metrics.applied(change, clock.instant());
    for (Subscriber s : subscriptions.of(organization)) {
      try {
        s.changed(change);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A subscriber refused a change: {0}", e.toString());
      }
    }
  }

  private void cleanup() {
    try (Connection c = dataSource.getConnection()) {
      int n = ChangeLog.forgetBefore(c, clock.instant().minus(settings.retention()));
      if (n > 0) {
        LOG.log(
            Level.INFO,
            "Forgot {0} change-log rows older than {1}",
            new Object[] {n, settings.retention()});
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Could not clean up the change log: {0}", e.getMessage());
    }
  }
}
