package com.procurementcache.push.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A message a client sent (docs/push.md): {@code auth} with its token, {@code subscribe} with an
 * organization and optionally the last version it has, {@code unsubscribe}, {@code ping}.
 *
 * @param token the bearer token ({@code auth} only)
 * @param organizationId the organization ({@code subscribe}, {@code unsubscribe})
 * @param lastVersion the last version the client has of it ({@code subscribe}); null: none
 */
public record ClientMessage(Type type, String token, UUID organizationId, Long lastVersion) {

  /** The message types; the wire name is the constant's name in lower case. */
  public enum Type {
    AUTH,
    SUBSCRIBE,
    UNSUBSCRIBE,
    PING;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Type> fromWire(String name) {
      return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }
  }

  public ClientMessage {
    Objects.requireNonNull(type, "a message has a type");
    if (type == Type.AUTH) {
      Objects.requireNonNull(token, "auth carries a token");
    }
    if (type == Type.SUBSCRIBE || type == Type.UNSUBSCRIBE) {
      Objects.requireNonNull(organizationId, "a subscription names an organization");
    }
    if (lastVersion != null && lastVersion < 0) {
      throw new IllegalArgumentException("versions are not negative: " + lastVersion);
    }
  }

  public Optional<Long> lastVersionGiven() {
    return Optional.ofNullable(lastVersion);
  }

  /** A client message that cannot be understood; the socket closes with "bad message". */
  public static final class Unreadable extends Exception {
    public Unreadable(String why) {
      super(why);
    }
  }
}
