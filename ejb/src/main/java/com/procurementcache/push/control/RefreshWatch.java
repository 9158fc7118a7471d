package com.procurementcache.push.control;

import com.procurementcache.push.entity.RefreshProgress;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the refresh's progress into {@code refresh_status} for this node's subscribers: each {@link
 * #tick} reads the views of the organizations subscribed here ({@link RefreshProgressQuery}) and
 * tells each organization's subscribers what changed for them ({@link RefreshStatusChanges}). Ticks
 * never overlap (one that finds another still running does nothing); {@link #current} may run
 * alongside.
 */
public class RefreshWatch {

  private static final Logger LOG = Logger.getLogger(RefreshWatch.class.getName());

  private final RefreshProgressQuery query;
  private final Subscriptions subscriptions;
  private final Clock clock;
  private final RefreshStatusChanges changes = new RefreshStatusChanges();
  private final Lock ticking = new ReentrantLock();

  public RefreshWatch(RefreshProgressQuery query, Subscriptions subscriptions, Clock clock) {
    this.query = Objects.requireNonNull(query, "a query of the refresh's progress");
    this.subscriptions = Objects.requireNonNull(subscriptions, "this node's subscriptions");
    this.clock = Objects.requireNonNull(clock, "a clock");
  }

  /**
   * The refresh as {@code organization}'s subscribers see it now, read from PostgreSQL.
   *
   * @throws SQLException when PostgreSQL cannot be read
   */
  public RefreshProgress current(UUID organization) throws SQLException {
    long reading = changes.startReading();
    RefreshProgress progress = query.of(Set.of(organization), clock.instant()).get(organization);
    changes.told(reading, progress);
    return progress;
  }

  /** Reads the subscribed organizations' views and sends those that changed. */
  public void tick() {
    if (!ticking.tryLock()) {
      return;
    }
    try {
      long reading = changes.startReading();
      Map<UUID, RefreshProgress> views = query.of(subscriptions.organizations(), clock.instant());
      for (RefreshStatusChanges.Update update : changes.read(reading, views)) {
        tell(update);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Refresh status watch failed, next tick retries: {0}", e.toString());
    } finally {
      ticking.unlock();
    }
  }

  private void tell(RefreshStatusChanges.Update update) {
    RefreshProgress progress = update.progress();
    for (Subscriber subscriber : subscriptions.of(progress.organizationId())) {
      if (update.viewers() || subscriber.admin()) {
        try {
          subscriber.refreshStatus(progress);
        } catch (RuntimeException e) {
          // One broken session must not keep the others from their status.
          LOG.log(Level.FINE, "A subscriber refused a refresh status", e);
        }
      }
    }
  }
}
