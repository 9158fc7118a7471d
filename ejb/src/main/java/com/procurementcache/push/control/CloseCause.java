package com.procurementcache.push.control;

/**
 * Why the server closes a push socket: the close code and the short reason the client reads
 * (docs/push.md). Every refusal is a policy violation (1008).
 */
public enum CloseCause {
  /** No {@code auth} within {@code push.auth-timeout}, or another message first. */
  AUTHENTICATION_REQUIRED(1008, "authentication required"),
  INVALID_TOKEN(1008, "invalid token"),
  /** The token was expired when it came, or expired while the socket was open. */
  TOKEN_EXPIRED(1008, "token expired"),
  /** Another organization than a viewer's own, or one that does not exist. */
  FORBIDDEN_ORGANIZATION(1008, "forbidden organization"),
  /** The handshake's {@code Origin} is not in {@code push.allowed-origins}. */
  ORIGIN_NOT_ALLOWED(1008, "origin not allowed"),
  /** Unparsable JSON, an unknown type, a bad UUID or version. */
  BAD_MESSAGE(1008, "bad message"),
  /** More than {@code push.queue-size} messages waited: told to resync, then closed. */
  SLOW_CONSUMER(1008, "slow consumer"),
  /** No message and no pong for {@code push.idle-timeout}: the client is gone. */
  IDLE(1001, "idle timeout"),
  /** The application stops (a node shutdown or a redeploy): reconnect, to this node or another. */
  SHUTDOWN(1001, "server shutting down"),
  /** The server could not answer (its database is unreachable, say): reconnect later. */
  SERVER_ERROR(1011, "server error");

  private final int code;
  private final String reason;

  CloseCause(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}
