package com.procurementcache.push.boundary;

import com.procurementcache.push.control.CloseCause;
import com.procurementcache.push.control.Sender;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A push session's writes to its Jakarta WebSocket session: the asynchronous remote only. */
final class SocketSender implements Sender {

  private static final Logger LOG = Logger.getLogger(SocketSender.class.getName());
  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

  private final Session session;

  SocketSender(Session session) {
    this.session = session;
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    try {
      session
          .getAsyncRemote()
          .sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
    } catch (RuntimeException e) {
      // Closed meanwhile: the container's close reaches the session too.
      done.accept(e);
    }
  }

  @Override
  public void ping() {
    try {
      session.getAsyncRemote().sendPing(NO_DATA.duplicate());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Could not ping a push socket", e);
    }
  }

  @Override
  public void close(CloseCause cause) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.close(
          new CloseReason(CloseReason.CloseCodes.getCloseCode(cause.code()), cause.reason()));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Could not close a push socket", e);
    }
  }
}
