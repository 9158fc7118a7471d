package com.procurementcache.push.control;

import com.procurementcache.push.control.ServerMessage.Invalidation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A socket's messages waiting to be sent, bounded, and sent one at a time: the next is handed to
 * the {@link Sender} when the one before is out. At most {@code queueSize} messages wait, besides
 * replayed changes (at most {@code replayLimit}, the change feed's own bound on a replay).
 *
 * <p>Every call of the sender — sends, pings, the close — happens on {@code writer}, never on the
 * thread that queues: on Payara a WebSocket "asynchronous" send writes through the servlet output
 * stream in blocking mode, so the write of a client that stopped reading blocks its thread until
 * the client reads or the connection's write timeout ends it. That thread is then this socket's
 * alone; the change feed's thread only queues.
 */
final class SendQueue {

  private enum State {
    OPEN,
    /** Only the last messages are left to send, then the socket closes. */
    FINISHING,
    CLOSED
  }

  private enum Kind {
    /** Counts against the queue size. */
    MESSAGE,
    /** A replayed change: counts against the replay limit. */
    REPLAY,
    /** A WebSocket ping frame. */
    PING
  }

  private record Entry(Kind kind, ServerMessage message) {}

  private final Sender sender;
  private final Executor writer;
  private final int queueSize;
  private final int replayLimit;
  private final PushMetrics metrics;
  private final Clock clock;

  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private int messages;
  private int replays;
  private boolean pingQueued;
  private State state = State.OPEN;
  private CloseCause closeWhenDone;
  private boolean inFlight;
  private boolean pumping;

  SendQueue(
      Sender sender,
      Executor writer,
      int queueSize,
      int replayLimit,
      PushMetrics metrics,
      Clock clock) {
    this.sender = sender;
    this.writer = writer;
    this.queueSize = queueSize;
    this.replayLimit = replayLimit;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Queues {@code message} unless the queue is full; a replayed change counts against the replay
   * bound instead. Does not send: {@link #pump} does, outside the caller's locks.
   *
   * @return false: full, or no longer open; nothing queued
   */
  synchronized boolean offer(ServerMessage message) {
    boolean replay = message instanceof Invalidation i && !i.live();
    if (state != State.OPEN || (replay ? replays >= replayLimit : messages >= queueSize)) {
      return false;
    }
    if (replay) {
      replays++;
    } else {
      messages++;
    }
    queue.add(new Entry(replay ? Kind.REPLAY : Kind.MESSAGE, message));
    return true;
  }

  /** Queues a ping frame, unless one is waiting already. */
  synchronized void ping() {
    if (state == State.OPEN && !pingQueued) {
      pingQueued = true;
      queue.add(new Entry(Kind.PING, null));
    }
  }

  /** Drops what waits, queues {@code last}, and closes with {@code cause} once they are out. */
  synchronized void finish(List<ServerMessage> last, CloseCause cause) {
    if (state != State.OPEN) {
      return;
    }
    state = State.FINISHING;
    closeWhenDone = cause;
    queue.clear();
    messages = 0;
    replays = 0;
    pingQueued = false;
    last.forEach(message -> queue.add(new Entry(Kind.MESSAGE, message)));
  }

  /** Drops what waits and closes with {@code cause} as soon as the message in flight is out. */
  synchronized void closeNow(CloseCause cause) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.FINISHING;
    closeWhenDone = cause;
    queue.clear();
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

  /** Has the writer send what is queued, unless it is at it already. */
  void pump() {
    synchronized (this) {
      if (pumping || inFlight || queue.isEmpty() && state != State.FINISHING) {
        return;
      }
      pumping = true;
    }
    writer.execute(this::drain);
  }

  /**
   * Hands queued entries to the sender, one at a time. A sender that completes at once, on this
   * thread, brings the completion back here through {@link #sent}; the loop then goes on instead of
   * recursing, so the stack stays flat however long the queue.
   */
  private void drain() {
    while (true) {
      Entry next = null;
      CloseCause close = null;
      synchronized (this) {
        if (inFlight || state == State.CLOSED || queue.isEmpty()) {
          if (!inFlight && state == State.FINISHING && queue.isEmpty()) {
            state = State.CLOSED;
            close = closeWhenDone;
          }
          pumping = false;
        } else {
          next = queue.poll();
          switch (next.kind()) {
            case MESSAGE -> messages--;
            case REPLAY -> replays--;
            case PING -> pingQueued = false;
          }
          inFlight = next.kind() != Kind.PING;
        }
      }
      if (close != null) {
        sender.close(close);
      }
      if (next == null) {
        return;
      }
      if (next.kind() == Kind.PING) {
        sender.ping();
      } else {
        ServerMessage message = next.message();
        sender.send(WireFormat.render(message), error -> sent(message, error));
      }
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
