package com.procurementcache.push.boundary;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The push change stream's WebSocket (docs/push.md): JSON text frames in, each handed to the
 * socket's {@link PushSession}; everything the protocol decides happens there.
 */
@ServerEndpoint(value = "/ws/v1/events", configurator = EventsEndpoint.OriginCheck.class)
public class EventsEndpoint {

  private static final Logger LOG = Logger.getLogger(EventsEndpoint.class.getName());

  /** The handshake's verdict on its Origin, carried to the socket in its user properties. */
  static final String ORIGIN_ALLOWED = "procurementcache.push.origin-allowed";

  /** Larger than any token we issue; a larger frame is closed by the container (1009). */
  private static final int MAX_MESSAGE_BYTES = 16 * 1024;

  @Inject PushGateway gateway;

  private PushSession push;

  @OnOpen
  public void open(Session session) {
    // The container's own idle timer restarts with every ping the server sends, so the gateway's
    // sweep closes silent sockets too (after push.idle-timeout without a message or a pong).
    session.setMaxIdleTimeout(gateway.idleTimeout().toMillis());
    boolean originAllowed = Boolean.TRUE.equals(session.getUserProperties().get(ORIGIN_ALLOWED));
    push = gateway.open(new SocketSender(session), originAllowed);
  }

  @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
  public void message(String text) {
    push.received(text);
  }

  @OnMessage
  public void pong(PongMessage pong) {
    push.activity();
  }

  @OnClose
  public void close(CloseReason reason) {
    if (push != null) {
      push.closed();
    }
  }

  @OnError
  public void error(Throwable error) {
    // A broken connection or an oversized frame; the close follows.
    LOG.log(Level.FINE, "Push socket error", error);
  }

  /**
   * Checks the handshake's {@code Origin} against its own {@code Host} (a page of this node) and
   * {@code push.allowed-origins}. It does not refuse the handshake (a browser would only see an
   * error without a reason): the socket opens and closes at once with 1008 "origin not allowed".
   * The verdict goes into this handshake's own user properties, which the container copies into the
   * new session's.
   */
  public static class OriginCheck extends ServerEndpointConfig.Configurator {

    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      String origin = header(request.getHeaders(), "Origin");
      String host = header(request.getHeaders(), "Host");
      boolean allowed = CDI.current().select(PushGateway.class).get().originAllowed(origin, host);
      config.getUserProperties().put(ORIGIN_ALLOWED, allowed);
    }

    private static String header(Map<String, List<String>> headers, String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }
}
