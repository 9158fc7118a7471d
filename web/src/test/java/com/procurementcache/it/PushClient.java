package com.procurementcache.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real WebSocket client ({@code java.net.http.WebSocket}) of the push endpoint: it keeps every
 * message it reads, in order, and how the server closed the socket. It can stop reading — the
 * frames then stay in the socket's buffers and the server's sends stall — and read on later.
 */
public final class PushClient implements WebSocket.Listener, AutoCloseable {

  /** How the socket ended: the close frame's code and reason. */
  public record Closed(int code, String reason) {}

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final BlockingQueue<JsonObject> unread = new LinkedBlockingQueue<>();
  private final List<JsonObject> received = new ArrayList<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private boolean reading = true;
  private boolean owed;
  private WebSocket socket;

  private PushClient() {}

  /** Opens a socket to the node of {@code base}, without an {@code Origin} header. */
  public static PushClient connect(URL base) {
    return connect(base, null);
  }

  /** Opens a socket as a browser on {@code origin} would. */
  public static PushClient connect(URL base, String origin) {
    PushClient client = new PushClient();
    WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(WAIT);
    if (origin != null) {
      builder.header("Origin", origin);
    }
    client.socket = builder.buildAsync(endpoint(base), client).join();
    return client;
  }

  static URI endpoint(URL base) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    return URI.create(root.replaceFirst("^http", "ws")).resolve("ws/v1/events");
  }

  public PushClient send(String json) {
    socket.sendText(json, true).join();
    return this;
  }

  public PushClient auth(String token) {
    return send(
        Json.createObjectBuilder().add("type", "auth").add("token", token).build().toString());
  }

  public PushClient subscribe(java.util.UUID organization, Long lastVersion) {
    var message =
        Json.createObjectBuilder()
            .add("type", "subscribe")
            .add("organizationId", "" + organization);
    if (lastVersion != null) {
      message.add("lastVersion", lastVersion);
    }
    return send(message.build().toString());
  }

  /** The next message read, waiting for it. */
  public JsonObject next() {
    try {
      JsonObject message = unread.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (message == null) {
        throw new AssertionError("no message within " + WAIT + "; closed: " + closed.getNow(null));
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next message of {@code type}, skipping others. */
  public JsonObject next(String type) {
    return next(m -> m.getString("type").equals(type));
  }

  public JsonObject next(Predicate<JsonObject> wanted) {
    while (true) {
      JsonObject message = next();
      if (wanted.test(message)) {
        return message;
      }
    }
  }

  /** Every message read so far, in order. */
  public synchronized List<JsonObject> received() {
    return List.copyOf(received);
  }

  /** How the server closed the socket, waiting at most {@code atMost}. */
  public Closed awaitClose(Duration atMost) {
    try {
      return closed.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the socket is still open after " + atMost);
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Reads nothing more until {@link #readOn}: the client stops keeping up. */
  public synchronized void stopReading() {
    reading = false;
  }

  public void readOn() {
    boolean request;
    synchronized (this) {
      reading = true;
      request = owed;
      owed = false;
    }
    if (request) {
      socket.request(1);
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      JsonObject message = JSON.createReader(new StringReader(partial.toString())).readObject();
      partial.setLength(0);
      synchronized (this) {
        received.add(message);
      }
      unread.add(message);
    }
    boolean request;
    synchronized (this) {
      request = reading;
      owed = !reading;
    }
    if (request) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(new Closed(1006, String.valueOf(error)));
  }

  @Override
  public void close() {
    socket.abort();
  }
}
