package com.procurementcache.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * A client of the push stream ({@code /ws/v1/events}, docs/push.md) on the JDK's WebSocket: it
 * sends the protocol's messages, keeps every message the server sent, parsed, in arrival order,
 * waits (bounded) for one that matches — anywhere ({@link #await}) or after the last one taken
 * ({@link #next}) — and records how the server closed the socket. It can stop reading: the frames
 * then stay in the socket's buffers and the server's sends stall, until it reads on. The JDK
 * answers the server's pings by itself.
 */
public final class EventSocket implements AutoCloseable {

  /** The push endpoint, relative to a node's context root. */
  public static final String PATH = "ws/v1/events";

  /** The demo page's origin, which the default {@code push.allowed-origins} allows. */
  public static final String ORIGIN = "http://localhost:8080";

  /** How long a wait for a message lasts unless a test says otherwise. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final Duration SEND = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** How the socket ended: the close frame's code and reason (1006: no close frame). */
  public record Closed(int code, String reason) {}

  private final String name;
  private final List<JsonObject> received = new ArrayList<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private WebSocket socket;
  private volatile boolean closing;
  // guards reading and owed: whether the receiver asks for the next frame, and whether it owes a
  // request because it did not
  private final Object flow = new Object();
  private boolean reading = true;
  private boolean owed;
  // the index after the last message next(...) took (used by the test's thread only)
  private int taken;

  private EventSocket(String name) {
    this.name = name;
  }

  /**
   * Opens a socket to {@code node}'s push endpoint, sending {@code origin} as a browser would
   * (null: no Origin header, as a non-browser client).
   */
  public static EventSocket connect(URL node, String origin) {
    String root = node.toString().endsWith("/") ? node.toString() : node + "/";
    URI uri = URI.create(root.replaceFirst("^http", "ws")).resolve(PATH);
    EventSocket client = new EventSocket(uri.getAuthority());
    WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(SEND);
    if (origin != null) {
      builder.header("Origin", origin);
    }
    client.socket = join(builder.buildAsync(uri, client.new Receiver()), "the handshake");
    return client;
  }

  /** Connects from {@link #ORIGIN} and authenticates with {@code token}. */
  public static EventSocket open(URL node, String token) {
    EventSocket client = connect(node, ORIGIN);
    client.authenticate(token);
    return client;
  }

  /** Sends the token and waits for {@code authenticated}. */
  public JsonObject authenticate(String token) {
    requestAuthentication(token);
    return await("authenticated", type("authenticated"));
  }

  /** Sends an auth message without waiting for the answer. */
  public void requestAuthentication(String token) {
    send(Json.createObjectBuilder().add("type", "auth").add("token", token));
  }

  /** Subscribes to {@code organization} without a last version and waits for {@code subscribed}. */
  public JsonObject subscribe(UUID organization) {
    requestSubscription(organization, null);
    return subscribed(organization);
  }

  /** Subscribes to {@code organization} from {@code lastVersion}; waits for {@code subscribed}. */
  public JsonObject resume(UUID organization, long lastVersion) {
    requestSubscription(organization, lastVersion);
    return subscribed(organization);
  }

  /** Sends a subscribe message (lastVersion null: none) without waiting for the answer. */
  public void requestSubscription(UUID organization, Long lastVersion) {
    JsonObjectBuilder message =
        Json.createObjectBuilder()
            .add("type", "subscribe")
            .add("organizationId", organization.toString());
    if (lastVersion != null) {
      message.add("lastVersion", lastVersion);
    }
    send(message);
  }

  /** Waits for the {@code subscribed} answer of {@code organization}. */
  public JsonObject subscribed(UUID organization) {
    return await("subscribed to " + organization, about("subscribed", organization));
  }

  /**
   * Sends a ping and waits for its pong: every message the server queued for this socket before it
   * read the ping has arrived by then.
   */
  public void sync() {
    long pongs = messages().stream().filter(type("pong")).count();
    send(Json.createObjectBuilder().add("type", "ping"));
    awaitUntil("pong", () -> messages().stream().filter(type("pong")).count() > pongs, WAIT);
  }

  public void send(JsonObjectBuilder message) {
    String text = message.build().toString();
    synchronized (this) {
      // A send fails when the server closed the socket meanwhile: say how, and what came before.
      join(
          socket.sendText(text, true),
          "sending "
              + text
              + " (closed: "
              + closed.getNow(null)
              + ", received: "
              + messages()
              + ")");
    }
  }

  /** Every message received so far, in arrival order. */
  public List<JsonObject> messages() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The {@code cache_invalidation} events of {@code organization} received so far, in order. */
  public List<JsonObject> invalidations(UUID organization) {
    return messages().stream().filter(about("cache_invalidation", organization)).toList();
  }

  /** The first message received that matches {@code condition}, waiting up to {@link #WAIT}. */
  public JsonObject await(String what, Predicate<JsonObject> condition) {
    return await(what, condition, WAIT);
  }

  /**
   * The first message that matches {@code condition}, waiting up to {@code timeout}; fails at once
   * when the socket closed without one.
   */
  public JsonObject await(String what, Predicate<JsonObject> condition, Duration timeout) {
    return waitFor(what, () -> first(condition), Optional::isPresent, timeout).orElseThrow();
  }

  /** The next message after the last one taken, waiting up to {@link #WAIT}. */
  public JsonObject next() {
    return next("the next message", m -> true);
  }

  /** The next message of {@code type} after the last one taken, skipping others. */
  public JsonObject next(String type) {
    return next("the next " + type, type(type));
  }

  /**
   * The next message after the last one taken that matches {@code condition}, skipping others,
   * waiting up to {@link #WAIT}; fails at once when the socket closed without one.
   */
  public JsonObject next(String what, Predicate<JsonObject> condition) {
    int from = taken;
    Callable<Optional<Integer>> index =
        () -> {
          List<JsonObject> messages = messages();
          return IntStream.range(from, messages.size())
              .filter(i -> condition.test(messages.get(i)))
              .boxed()
              .findFirst();
        };
    int found = waitFor(what, index, Optional::isPresent, WAIT).orElseThrow();
    taken = found + 1;
    return messages().get(found);
  }

  /**
   * Waits up to {@code timeout} until {@code condition} holds of what this socket received; fails
   * at once when the socket closed and it does not hold.
   */
  public void awaitUntil(String what, Callable<Boolean> condition, Duration timeout) {
    waitFor(what, condition, Boolean::booleanValue, timeout);
  }

  /**
   * Polls {@code probe} until its value is {@code met}, up to {@code timeout}; fails at once, with
   * the close's code and reason, when the server closed the socket and the value is not met.
   */
  private <T> T waitFor(String what, Callable<T> probe, Predicate<T> met, Duration timeout) {
    return Awaitility.await(what + " on " + name)
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              // every message arrives before the close, so a value unmet after it stays so
              boolean over = closed.isDone() && !closing;
              T value = probe.call();
              if (over && !met.test(value)) {
                throw new AssertionError(
                    "the server closed the socket "
                        + name
                        + " before "
                        + what
                        + ": "
                        + closed.getNow(null)
                        + " (received: "
                        + messages()
                        + ")");
              }
              return value;
            },
            met);
  }

  /** How the server closed the socket, waiting up to {@code timeout}. */
  public Closed awaitClosed(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the socket " + name + " did not close within " + timeout, e);
    }
  }

  /** Reads nothing more until {@link #readOn}: the client stops keeping up. */
  public void stopReading() {
    synchronized (flow) {
      reading = false;
    }
  }

  /** Reads on after {@link #stopReading}. */
  public void readOn() {
    boolean request;
    synchronized (flow) {
      reading = true;
      request = owed;
      owed = false;
    }
    if (request) {
      socket.request(1);
    }
  }

  /** Empty while the socket is open. */
  public Optional<Closed> closed() {
    return Optional.ofNullable(closed.getNow(null));
  }

  /** The {@code version} of a message (or of any JSON object that has one). */
  public static long version(JsonObject message) {
    return message.getJsonNumber("version").longValue();
  }

  /** A message of {@code type}. */
  public static Predicate<JsonObject> type(String type) {
    return m -> type.equals(m.getString("type", null));
  }

  /** A message of {@code type} about {@code organization}. */
  public static Predicate<JsonObject> about(String type, UUID organization) {
    return type(type).and(m -> organization.toString().equals(m.getString("organizationId", "")));
  }

  /** Closes the socket normally (the client leaves) and waits for the server's answer. */
  @Override
  public void close() {
    closing = true;
    readOn(); // the server's close frame comes after what is still unread
    try {
      if (!closed.isDone() && !socket.isOutputClosed()) {
        join(socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"), "closing");
      }
      closed.get(SEND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      // the server did not answer the close: the socket is given up below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      socket.abort();
    }
  }

  @Override
  public String toString() {
    return "push client of " + name;
  }

  private Optional<JsonObject> first(Predicate<JsonObject> condition) {
    return messages().stream().filter(condition).findFirst();
  }

  private static <T> T join(CompletableFuture<T> future, String what) {
    try {
      return future.get(SEND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(what + " failed", e);
    }
  }

  /** Collects text frames (a message may come in parts), one message at a time. */
  private final class Receiver implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try (var reader = Json.createReader(new StringReader(partial.toString()))) {
          JsonObject message = reader.readObject();
          synchronized (received) {
            received.add(message);
          }
        } finally {
          partial.setLength(0);
        }
      }
      boolean request;
      synchronized (flow) {
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
  }
}
