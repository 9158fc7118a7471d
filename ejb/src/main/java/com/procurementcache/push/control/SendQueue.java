package com.procurementcache.push.control;

import com.procurementcache.push.control.ServerMessage.Invalidation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A socket's messages waiting to be sent, bounded, and sent one at a time: the next is handed to
 * the {@link Sender} when the one before is out. At most {@code queueSize} messages wait, besides
 * replayed changes (at most {@code replayLimit}, the change feed's own bound on a replay).
 */
final class SendQueue {

  private enum State {
    OPEN,
    /** Only the last messages are left to send, then the socket closes. */
    FINISHING,
    CLOSED
  }

  /** A queued message; {@code bounded}: it counts against the queue size (replays do not). */
  private record Entry(ServerMessage message, boolean bounded) {}

  private final Sender sender;
  private final int queueSize;
  private final int replayLimit;
  private final PushMetrics metrics;
  private final Clock clock;

  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private int bounded;
  private int replays;
  private State state = State.OPEN;
  private CloseCause closeWhenDone;
  private boolean inFlight;
  private boolean pumping;

  SendQueue(Sender sender, int queueSize, int replayLimit, PushMetrics metrics, Clock clock) {
    this.sender = sender;
    this.queueSize = queueSize;
    this.replayLimit = replayLimit;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Queues {@code message} unless the queue is full; a replayed change counts against the replay
   * bound instead. Does not send: {@link #pump} does, outside the caller's locks.
   *
   * @return false: full, nothing queued
   */
  synchronized boolean offer(ServerMessage message) {
    boolean replay = message instanceof Invalidation i && !i.live();
    if (state != State.OPEN || (replay ? replays >= replayLimit : bounded >= queueSize)) {
      return false;
    }
    if (replay) {
      replays++;
    } else {
      bounded++;
    }
    queue.add(new Entry(message, !replay));
    return true;
  }

  /** Drops what waits, queues {@code last}, and closes with {@code cause} once they are out. */
  synchronized void finish(List<ServerMessage> last, CloseCause cause) {
    if (state != State.OPEN) {
      return;
    }
    state = State.FINISHING;
    closeWhenDone = cause;
    queue.clear();
    bounded = 0;
    replays = 0;
    last.forEach(message -> queue.add(new Entry(message, true)));
  }

  /** Whether it takes messages: neither finishing nor closed. */
  synchronized boolean open() {
    return state == State.OPEN;
  }

  synchronized boolean finishing() {
    return state == State.FINISHING;
  }

  /** The socket is closed: nothing more is sent. */
  synchronized void stop() {
    state = State.CLOSED;
    queue.clear();
  }

  /**
   * Hands queued messages to the sender, one at a time. A sender that completes at once, on this
   * thread, brings the completion back here through {@link #sent}; the loop then goes on instead of
   * recursing, so the stack stays flat however long the queue.
   */
  void pump() {
    synchronized (this) {
      if (pumping) {
        return;
      }
      pumping = true;
    }
    while (true) {
      ServerMessage next = null;
      CloseCause close = null;
      synchronized (this) {
        if (inFlight || state == State.CLOSED || queue.isEmpty()) {
          if (!inFlight && state == State.FINISHING && queue.isEmpty()) {
            state = State.CLOSED;
            close = closeWhenDone;
          }
          pumping = false;
        } else {
          Entry entry = queue.poll();
          if (entry.bounded()) {
            bounded--;
          } else {
            replays--;
          }
          inFlight = true;
          next = entry.message();
        }
      }
      if (next == null) {
        if (close != null) {
          sender.close(close);
        }
        return;
      }
      ServerMessage message = next;
      sender.send(WireFormat.render(message), error -> sent(message, error));
    }
  }

  private void sent(ServerMessage message, Throwable error) {
    synchronized (this) {
      inFlight = false;
      if (error != null) {
        // The socket is gone; the container's close tells the session.
        state = State.CLOSED;
        queue.clear();
        return;
      }
    }
    metrics.sent(message);
    if (message instanceof Invalidation invalidation && invalidation.live()) {
      metrics.lag(Duration.between(invalidation.change().changedAt(), clock.instant()));
    }
    pump();
  }
}
