package com.procurementcache.push.control;

import com.procurementcache.push.control.ServerMessage.Invalidation;
import com.procurementcache.push.control.ServerMessage.Resync;
import com.procurementcache.push.control.ServerMessage.Status;
import com.procurementcache.push.control.ServerMessage.Subscribed;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.RefreshProgress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * What one socket is given, per organization it follows. Messages leave in the order they were
 * queued, one at a time ({@link SendQueue}); nobody who queues waits: the feed threads that call
 * {@link #changed} and {@link #refreshStatus} only take a short lock.
 *
 * <p>Per organization the outbox keeps the highest version it has queued (its high-water mark) and
 * drops any change at or below it, so a replay and the live changes never give one twice. While a
 * subscription is being set up ({@link #beginSubscription} to {@link #completeSubscription}) live
 * changes are held back, and released after the replay.
 *
 * <p>When the queue overflows ({@code push.queue-size}) the client is cut off: what waits is
 * dropped, a {@code resync} is queued for each organization it follows, and once those are out the
 * socket closes as a {@link CloseCause#SLOW_CONSUMER slow consumer}.
 */
public final class SessionOutbox implements Subscriber {

  /** What arrived for an organization while its subscription was set up. */
  private static final class Held {
    final List<Change> changes = new ArrayList<>();
    RefreshProgress status;
  }

  private final boolean admin;
  private final int queueSize;
  private final PushMetrics metrics;
  private final Runnable cutOff;
  private final SendQueue queue;

  private final Map<UUID, Long> highWater = new HashMap<>();
  private final Map<UUID, Held> held = new HashMap<>();

  /**
   * @param writer where the sender is called (see {@link SendQueue}): never the caller's thread
   * @param cutOff told once, when the client is cut off as a slow consumer: it stops the feed
   *     calling this outbox
   */
  public SessionOutbox(
      Sender sender,
      Executor writer,
      boolean admin,
      PushSettings settings,
      PushMetrics metrics,
      Clock clock,
      Runnable cutOff) {
    this.admin = admin;
    this.queueSize = settings.queueSize();
    this.metrics = metrics;
    this.cutOff = cutOff;
    this.queue =
        new SendQueue(sender, writer, settings.queueSize(), settings.replayLimit(), metrics, clock);
  }

  @Override
  public boolean admin() {
    return admin;
  }

  /** Queues a reply of the session's own (authenticated, pong). */
  public void post(ServerMessage message) {
    boolean overflowed;
    synchronized (this) {
      overflowed = !queue.offer(message) && overflow();
    }
    after(overflowed);
  }

  /** Holds back live changes of {@code organization} until {@link #completeSubscription}. */
  public synchronized void beginSubscription(UUID organization) {
    highWater.remove(organization);
    held.put(organization, new Held());
  }

  /**
   * Queues {@code subscribed}, then the replayed changes (or a resync when there is no replay),
   * then the refresh status, then the live changes held back meanwhile that are newer than {@code
   * version}.
   *
   * @param replay the changes after the client's last version up to {@code version}; empty: none
   *     given or none to be had, the client must reload
   */
  public void completeSubscription(
      UUID organization, long version, Optional<List<Change>> replay, RefreshProgress status) {
    boolean overflowed;
    synchronized (this) {
      Held waiting = held.remove(organization);
      if (waiting == null) {
        return; // unsubscribed, cut off or closed meanwhile
      }
      overflowed = !subscribe(organization, version, replay, status, waiting) && overflow();
    }
    after(overflowed);
  }

  private boolean subscribe(
      UUID organization,
      long version,
      Optional<List<Change>> replay,
      RefreshProgress status,
      Held waiting) {
    if (!queue.offer(new Subscribed(organization, version, replay.isPresent()))) {
      return false;
    }
    for (Change change : replay.orElse(List.of())) {
      if (!queue.offer(new Invalidation(change, false))) {
        return false;
      }
    }
    if (replay.isEmpty()) {
      metrics.resync();
      if (!queue.offer(new Resync(organization, version))) {
        return false;
      }
    }
    highWater.put(organization, version);
    RefreshProgress latest =
        waiting.status != null && waiting.status.at().isAfter(status.at())
            ? waiting.status
            : status;
    if (!queue.offer(new Status(latest, admin))) {
      return false;
    }
    return waiting.changes.stream().allMatch(this::queueLive);
  }

  /** Stops following {@code organization}; what is queued of it still goes out. */
  public synchronized void unsubscribe(UUID organization) {
    highWater.remove(organization);
    held.remove(organization);
  }

  /** The organizations followed or being subscribed to. */
  public synchronized Set<UUID> organizations() {
    Set<UUID> all = new HashSet<>(highWater.keySet());
    all.addAll(held.keySet());
    return all;
  }

  /** Whether the client was cut off and its resyncs are not all out yet. */
  public boolean cutOff() {
    return queue.finishing();
  }

  /** Sends a WebSocket ping, after what is queued. */
  public void ping() {
    queue.ping();
    queue.pump();
  }

  /**
   * Closes the socket with {@code cause} once the message in flight is out; the rest is dropped.
   */
  public void close(CloseCause cause) {
    synchronized (this) {
      highWater.clear();
      held.clear();
      queue.closeNow(cause);
    }
    queue.pump();
  }

  /** The socket is closed: nothing more is sent. */
  public synchronized void stop() {
    queue.stop();
    highWater.clear();
    held.clear();
  }

  @Override
  public void changed(Change change) {
    boolean overflowed;
    synchronized (this) {
      Held waiting = held.get(change.organizationId());
      if (waiting != null) {
        waiting.changes.add(change);
        overflowed = waiting.changes.size() > queueSize && overflow();
      } else {
        overflowed = !queueLive(change) && overflow();
      }
    }
    after(overflowed);
  }

  @Override
  public void refreshStatus(RefreshProgress progress) {
    boolean overflowed = false;
    synchronized (this) {
      Held waiting = held.get(progress.organizationId());
      if (waiting != null) {
        waiting.status = progress;
      } else if (highWater.containsKey(progress.organizationId())) {
        overflowed = !queue.offer(new Status(progress, admin)) && overflow();
      }
    }
    after(overflowed);
  }

  /** Queues a live change past the high-water mark of a followed organization; false: full. */
  private boolean queueLive(Change change) {
    Long mark = highWater.get(change.organizationId());
    if (mark == null || change.version() <= mark) {
      return true;
    }
    highWater.put(change.organizationId(), change.version());
    return queue.offer(new Invalidation(change, true));
  }

  /**
   * Cuts the client off, unless it already is or its socket is closed: the queue makes way for a
   * resync of each organization it follows, at the last version queued.
   *
   * @return whether this cut it off
   */
  private boolean overflow() {
    if (!queue.open()) {
      return false;
    }
    List<ServerMessage> resyncs = new ArrayList<>();
    new TreeMap<>(highWater).forEach((org, version) -> resyncs.add(new Resync(org, version)));
    highWater.clear();
    held.clear();
    queue.finish(resyncs, CloseCause.SLOW_CONSUMER);
    resyncs.forEach(r -> metrics.resync());
    metrics.slowConsumerClosed();
    return true;
  }

  /** Outside the lock: tells of a cut-off, then sends what is queued. */
  private void after(boolean overflowed) {
    if (overflowed) {
      cutOff.run();
    }
    queue.pump();
  }
}
