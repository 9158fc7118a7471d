package com.procurementcache.push.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The node's one listening connection ({@code LISTEN change_log}), outside the pool: it turns each
 * notification into a wake-up of the feed, and reconnects with a growing backoff when the
 * connection breaks (a restart of PostgreSQL, {@code pg_terminate_backend}). It is only a wake-up:
 * what it misses while down, the feed's catch-up poll finds.
 */
public final class ChangeListener implements Runnable {

  private static final Logger LOG = Logger.getLogger(ChangeListener.class.getName());
  static final String CHANNEL = "change_log";
  private static final int WAIT_MILLIS = 500;

  /** The listening connection's application_name, followed by the node's process id. */
  public static final String APPLICATION_NAME = "procurement-cache change-listener";

  /** Opens a new physical connection (never one of the pool's). */
  @FunctionalInterface
  public interface ConnectionSource {
    Connection open() throws SQLException;
  }

  /** What the listener tells the feed. */
  public interface Wakeups {
    /** {@code organization} reached {@code version} (as the notification says). */
    void notified(UUID organization, long version);

    /** The listener (re)connected: what was sent meanwhile is lost, so catch up now. */
    void listening();
  }

  /** The connection's state, for the health check. */
  public record State(boolean listening, Instant since, int reconnects, String lastError) {}

  private final ConnectionSource source;
  private final Wakeups wakeups;
  private final Duration backoffInitial;
  private final Duration backoffMax;
  private final Clock clock;
  private final AtomicReference<State> state;
  private final AtomicReference<Connection> current = new AtomicReference<>();
  private volatile boolean stopped;

  public ChangeListener(
      ConnectionSource source,
      Wakeups wakeups,
      Duration backoffInitial,
      Duration backoffMax,
      Clock clock) {
    this.source = source;
    this.wakeups = wakeups;
    this.backoffInitial = backoffInitial;
    this.backoffMax = backoffMax;
    this.clock = clock;
    this.state = new AtomicReference<>(new State(false, clock.instant(), 0, null));
  }

  public State state() {
    return state.get();
  }

  @Override
  public void run() {
    Duration backoff = backoffInitial;
    int attempts = 0;
    while (!stopped) {
      try (Connection c = source.open()) {
        current.set(c);
        try (Statement s = c.createStatement()) {
          // Operators (and tests) find this node's listener in pg_stat_activity by this name.
          s.execute(
              "SET application_name = '"
                  + APPLICATION_NAME
                  + " "
                  + ProcessHandle.current().pid()
                  + "'");
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        State before = state.get();
        state.set(new State(true, clock.instant(), attempts, before.lastError()));
        backoff = backoffInitial;
        LOG.info("Listening for changes (LISTEN " + CHANNEL + ")");
        wakeups.listening();
        while (!stopped) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications != null) {
            for (PGNotification n : notifications) {
              deliver(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (stopped) {
          break;
        }
        attempts++;
        state.set(new State(false, clock.instant(), attempts, e.getMessage()));
        LOG.log(
            Level.WARNING,
            "The change listener lost its connection; reconnecting in {0}: {1}",
            new Object[] {backoff, e.getMessage()});
        if (!pause(backoff)) {
          break;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(backoffMax) > 0
                ? backoffMax
                : backoff.multipliedBy(2);
      } finally {
        current.set(null);
      }
    }
  }

  /** Stops listening and closes the connection (which ends a wait for notifications). */
  public void stop() {
    stopped = true;
    Connection c = current.get();
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.log(Level.FINE, "Closing the listening connection", e);
      }
    }
  }

  private void deliver(String payload) {
    String[] parts = payload == null ? new String[0] : payload.split(" ");
    try {
      wakeups.notified(UUID.fromString(parts[0]), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Ignored a malformed change notification: {0}", payload);
    }
  }

  private boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
