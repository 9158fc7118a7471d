package com.procurementcache.push.control;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which browser origins may open a push socket. A browser always sends {@code Origin} on a
 * WebSocket handshake; a client without one is no browser (a server, a test, a command line) and
 * cannot be lured by a page of another site, so it may. A page served by this node itself (its
 * {@code Origin} names the host and port the handshake was sent to) may too, whatever the list
 * says: the dashboard works on any port and behind any host name without configuration.
 */
public final class Origins {

  private Origins() {}

  /**
   * Whether {@code origin} (the header, or null when absent) may connect: it is one of {@code
   * allowed}, or it is the origin of the handshake's own {@code host} (the {@code Host} header,
   * null when absent).
   */
  public static boolean allowed(String origin, String host, List<String> allowed) {
    if (origin == null) {
      return true;
    }
    String asked = normal(origin);
    return sameOrigin(asked, host) || allowed.stream().map(Origins::normal).anyMatch(asked::equals);
  }

  /** Whether the normalised {@code origin} is the one of a page served from {@code host}. */
  private static boolean sameOrigin(String origin, String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    Optional<String> authority = authority(origin);
    return authority.isPresent()
        && authority.get().equals(withPort(host.strip().toLowerCase(Locale.ROOT), origin));
  }

  /** {@code host:port} of an origin, the scheme's default port filled in; empty if malformed. */
  private static Optional<String> authority(String origin) {
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null || uri.getScheme() == null) {
        return Optional.empty();
      }
      int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
      return Optional.of(uri.getHost() + ":" + port);
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** A {@code Host} header with its port: the default of the origin's scheme when it has none. */
  private static String withPort(String host, String origin) {
    boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.indexOf(':') >= 0;
    if (hasPort) {
      return host;
    }
    return host + ":" + defaultPort(origin.substring(0, Math.max(0, origin.indexOf(':'))));
  }

  private static int defaultPort(String scheme) {
    return "https".equals(scheme) ? 443 : 80;
  }

  private static String normal(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
