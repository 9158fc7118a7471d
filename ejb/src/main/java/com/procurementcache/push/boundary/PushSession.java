package com.procurementcache.push.boundary;

import com.procurementcache.push.control.ClientMessage;
import com.procurementcache.push.control.CloseCause;
import com.procurementcache.push.control.Sender;
import com.procurementcache.push.control.ServerMessage;
import com.procurementcache.push.control.SessionOutbox;
import com.procurementcache.push.control.WireFormat;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.security.control.ExpiredToken;
import com.procurementcache.security.control.InvalidToken;
import com.procurementcache.security.entity.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One push socket, as the protocol sees it (docs/push.md): the token first, within {@code
 * push.auth-timeout}; then subscriptions to the organizations the token may read, each answered
 * with the current version and what the client missed; closed with a reason on every refusal and
 * when the token expires. The WebSocket endpoint hands it each frame and the close.
 */
public final class PushSession {

  private static final Logger LOG = Logger.getLogger(PushSession.class.getName());

  /** Where the session stands. */
  public enum State {
    /** Open; no token yet. */
    AWAITING_AUTH,
    AUTHENTICATED,
    CLOSED
  }

  private final Sender sender;
  private final PushServices services;
  private final Consumer<PushSession> ended;
  private final Set<UUID> subscribed = ConcurrentHashMap.newKeySet();

  private volatile State state = State.AWAITING_AUTH;
  private volatile Instant lastActivity;
  private volatile Instant cutOffAt;
  private volatile VerifiedToken token;
  private volatile SessionOutbox outbox;
  private ScheduledFuture<?> authTimeout;
  private ScheduledFuture<?> expiry;

  PushSession(Sender sender, PushServices services, Consumer<PushSession> ended) {
    this.sender = sender;
    this.services = services;
    this.ended = ended;
    this.lastActivity = services.clock().instant();
  }

  /** The socket opened; {@code originAllowed}: its handshake's Origin passed the allow-list. */
  synchronized void opened(boolean originAllowed) {
    if (!originAllowed) {
      close(CloseCause.ORIGIN_NOT_ALLOWED);
      return;
    }
    authTimeout =
        services
            .scheduler()
            .schedule(
                () -> closeIf(State.AWAITING_AUTH, CloseCause.AUTHENTICATION_REQUIRED),
                services.settings().authTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  public State state() {
    return state;
  }

  /** A text frame from the client. The container hands them over one at a time. */
  public void received(String text) {
    activity();
    if (state == State.CLOSED) {
      return;
    }
    ClientMessage message;
    try {
      message = WireFormat.parse(text);
    } catch (ClientMessage.Unreadable e) {
      LOG.log(Level.FINE, "Closing a push socket: {0}", e.getMessage());
      close(CloseCause.BAD_MESSAGE);
      return;
    }
    if (state == State.AWAITING_AUTH) {
      authenticate(message);
      return;
    }
    if (!services.clock().instant().isBefore(token.expiresAt())) {
      close(CloseCause.TOKEN_EXPIRED);
      return;
    }
    switch (message.type()) {
      case AUTH -> close(CloseCause.BAD_MESSAGE);
      case SUBSCRIBE -> subscribe(message.organizationId(), message.lastVersionGiven());
      case UNSUBSCRIBE -> unsubscribe(message.organizationId());
      case PING -> outbox.post(new ServerMessage.Pong());
    }
  }

  /** Any sign of the client: a message, a pong. */
  public void activity() {
    lastActivity = services.clock().instant();
  }

  private void authenticate(ClientMessage message) {
    if (message.type() != ClientMessage.Type.AUTH) {
      close(CloseCause.AUTHENTICATION_REQUIRED);
      return;
    }
    VerifiedToken verified;
    try {
      verified = services.verifier().verify(message.token());
    } catch (ExpiredToken e) {
      close(CloseCause.TOKEN_EXPIRED);
      return;
    } catch (InvalidToken e) {
      LOG.log(Level.FINE, "Refused a push token: {0}", e.getMessage());
      close(CloseCause.INVALID_TOKEN);
      return;
    }
    synchronized (this) {
      if (state != State.AWAITING_AUTH) {
        return;
      }
      authTimeout.cancel(false);
      token = verified;
      outbox =
          new SessionOutbox(
              sender,
              services.writer(),
              verified.admin(),
              services.settings(),
              services.metrics(),
              services.clock(),
              this::cutOff);
      state = State.AUTHENTICATED;
      long untilExpiry =
          Math.max(
              0, Duration.between(services.clock().instant(), verified.expiresAt()).toMillis());
      expiry =
          services
              .scheduler()
              .schedule(
                  () -> closeIf(State.AUTHENTICATED, CloseCause.TOKEN_EXPIRED),
                  untilExpiry,
                  TimeUnit.MILLISECONDS);
    }
    outbox.post(new ServerMessage.Authenticated(verified.subject(), verified.expiresAt()));
  }

  /**
   * Registers first and holds back live changes, then reads the version: no change can fall between
   * the two. The replay covers what the client missed up to that version; the held-back changes
   * follow, those the replay had dropped.
   */
  private void subscribe(UUID organization, Optional<Long> lastVersion) {
    try {
      if (!token.mayRead(organization) || !services.organizations().exists(organization)) {
        close(CloseCause.FORBIDDEN_ORGANIZATION);
        return;
      }
      outbox.beginSubscription(organization);
      subscribed.add(organization);
      services.subscriptions().add(organization, outbox);
      if (state == State.CLOSED) {
        services.subscriptions().remove(organization, outbox);
        return;
      }
      long version = services.feed().version(organization);
      Optional<List<Change>> replay =
          lastVersion.flatMap(last -> missed(organization, last, version));
      RefreshProgress progress = services.progress().current(organization);
      outbox.completeSubscription(organization, version, replay, progress);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Could not subscribe a push socket to " + organization, e);
      close(CloseCause.SERVER_ERROR);
    }
  }

  /** What came after {@code last}; empty when it cannot all be had, or {@code last} is ahead. */
  private Optional<List<Change>> missed(UUID organization, long last, long version) {
    return last > version ? Optional.empty() : services.feed().missed(organization, last, version);
  }

  private void unsubscribe(UUID organization) {
    subscribed.remove(organization);
    services.subscriptions().remove(organization, outbox);
    outbox.unsubscribe(organization);
  }

  /**
   * The outbox cut the client off: the feed stops calling it; its resyncs go out, then it closes.
   */
  private void cutOff() {
    cutOffAt = services.clock().instant();
    unsubscribeAll();
  }

  private void unsubscribeAll() {
    for (UUID organization : subscribed) {
      services.subscriptions().remove(organization, outbox);
    }
    subscribed.clear();
  }

  /**
   * The gateway's periodic look: closes a socket silent for {@code push.idle-timeout}, or cut off
   * one ping interval ago and still not drained (its client reads nothing); pings the others.
   */
  void sweep(Instant now) {
    if (state == State.CLOSED) {
      return;
    }
    if (Duration.between(lastActivity, now).compareTo(services.settings().idleTimeout()) > 0) {
      close(CloseCause.IDLE);
    } else if (cutOffAt != null
        && Duration.between(cutOffAt, now).compareTo(services.settings().pingInterval()) >= 0) {
      close(CloseCause.SLOW_CONSUMER);
    } else if (outbox != null) {
      outbox.ping();
    }
  }

  /**
   * Closes with {@code cause} if the session still is in {@code expected}: a timer's close, checked
   * under the lock that authentication changes the state under, so that the two don't cross.
   */
  private synchronized void closeIf(State expected, CloseCause cause) {
    if (state == expected) {
      close(cause);
    }
  }

  /** Closes the socket with {@code cause}; the second close of a session does nothing. */
  void close(CloseCause cause) {
    SessionOutbox box = outbox;
    if (!end(false)) {
      return;
    }
    if (box == null) {
      sender.close(cause); // nothing was sent: no write can be stuck
    } else {
      box.close(cause);
    }
  }

  /** The container closed the socket (the client left, or after {@link #close}). */
  public void closed() {
    end(true);
  }

  private boolean end(boolean gone) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return false;
      }
      state = State.CLOSED;
      if (authTimeout != null) {
        authTimeout.cancel(false);
      }
      if (expiry != null) {
        expiry.cancel(false);
      }
    }
    if (outbox != null) {
      unsubscribeAll();
      if (gone) {
        outbox.stop();
      }
    }
    ended.accept(this);
    return true;
  }
}
