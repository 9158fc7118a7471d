package com.procurementcache.push.control;

import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a push socket. A browser always sends {@code Origin} on a
 * WebSocket handshake; a client without one is no browser (a server, a test, a command line) and
 * cannot be lured by a page of another site, so it may.
 */
public final class Origins {

  private Origins() {}

  /** Whether {@code origin} (the header, or null when absent) is one of {@code allowed}. */
  public static boolean allowed(String origin, List<String> allowed) {
    if (origin == null) {
      return true;
    }
    String asked = normal(origin);
    return allowed.stream().map(Origins::normal).anyMatch(asked::equals);
  }

  private static String normal(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
