package com.procurementcache.push.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The change stream's settings ({@code push.*}), read once from MicroProfile Config when the
 * application starts; a change takes a restart.
 */
@ApplicationScoped
public class PushSettings {

  private Duration pollInterval;
  private Duration retention;
  private Duration cleanupInterval;
  private int replayLimit;
  private Duration listenerBackoffInitial;
  private Duration listenerBackoffMax;
  private List<String> allowedOrigins;
  private Duration authTimeout;
  private Duration pingInterval;
  private Duration idleTimeout;
  private int queueSize;

  protected PushSettings() {}

  @Inject
  public PushSettings(Config config) {
    pollInterval = config.getValue("push.poll-interval", Duration.class);
    retention = config.getValue("push.retention", Duration.class);
    cleanupInterval = config.getValue("push.cleanup-interval", Duration.class);
    replayLimit = config.getValue("push.replay-limit", Integer.class);
    listenerBackoffInitial = config.getValue("push.listener.backoff-initial", Duration.class);
    listenerBackoffMax = config.getValue("push.listener.backoff-max", Duration.class);
    allowedOrigins =
        List.of(config.getValue("push.allowed-origins", String[].class)).stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    authTimeout = config.getValue("push.auth-timeout", Duration.class);
    pingInterval = config.getValue("push.ping-interval", Duration.class);
    idleTimeout = config.getValue("push.idle-timeout", Duration.class);
    queueSize = config.getValue("push.queue-size", Integer.class);
    if (queueSize < 1 || replayLimit < 1) {
      throw new IllegalArgumentException("push.queue-size and push.replay-limit must be positive");
    }
  }

  /** {@code push.poll-interval}: how often a node reads the change log for what NOTIFY missed. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** {@code push.retention}: how long change-log rows are kept (the resume window). */
  public Duration retention() {
    return retention;
  }

  /** {@code push.cleanup-interval}: how often rows past the retention are deleted. */
  public Duration cleanupInterval() {
    return cleanupInterval;
  }

  /** {@code push.replay-limit}: the most missed events a resume replays; more → resync. */
  public int replayLimit() {
    return replayLimit;
  }

  /** {@code push.listener.backoff-initial}: the first wait before reconnecting the listener. */
  public Duration listenerBackoffInitial() {
    return listenerBackoffInitial;
  }

  /** {@code push.listener.backoff-max}: the longest wait between listener reconnects. */
  public Duration listenerBackoffMax() {
    return listenerBackoffMax;
  }

  /** {@code push.allowed-origins}: the browser origins that may open the WebSocket. */
  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** {@code push.auth-timeout}: how long a new socket may take to send its token. */
  public Duration authTimeout() {
    return authTimeout;
  }

  /** {@code push.ping-interval}: how often the server pings an open socket. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /** {@code push.idle-timeout}: a socket silent (no message, no pong) this long is closed. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** {@code push.queue-size}: events one session may have waiting; more → resync and close. */
  public int queueSize() {
    return queueSize;
  }
}
