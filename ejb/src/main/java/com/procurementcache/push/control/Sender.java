package com.procurementcache.push.control;

import java.util.function.Consumer;

/**
 * The socket a session writes to: the WebSocket endpoint's asynchronous remote in the application,
 * a recorder in tests. Once a session has an outbox, only its writer calls these ({@link
 * SendQueue}), one at a time, with at most one {@link #send} in flight.
 */
public interface Sender {

  /**
   * Sends one text frame without waiting for it; {@code done} is called exactly once, with null
   * when the frame went out, else with why not — possibly on another thread, possibly at once.
   */
  void send(String text, Consumer<Throwable> done);

  /** Sends a WebSocket ping (a control frame: it may pass a text frame in flight). */
  void ping();

  /** Closes the socket with {@code cause}'s code and reason; closing twice does nothing. */
  void close(CloseCause cause);
}
