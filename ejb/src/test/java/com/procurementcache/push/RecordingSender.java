package com.procurementcache.push;

import com.procurementcache.push.control.CloseCause;
import com.procurementcache.push.control.Sender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A socket that records what it is sent. It completes each send at once, on the caller's thread,
 * or, when {@link #hold held}, only when the test {@link #release releases} it — a client that
 * stopped reading.
 */
public final class RecordingSender implements Sender {

  private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

  private final List<JsonObject> sent = new ArrayList<>();
  private final Deque<Consumer<Throwable>> pending = new ArrayDeque<>();
  private int inFlight;
  private int mostInFlight;
  private boolean holding;
  private CloseCause closed;
  private int pings;

  @Override
  public void send(String text, Consumer<Throwable> done) {
    Consumer<Throwable> complete;
    synchronized (this) {
      sent.add(JSON.createReader(new StringReader(text)).readObject());
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      if (holding) {
        pending.add(done);
        return;
      }
      inFlight--;
      complete = done;
    }
    complete.accept(null);
  }

  @Override
  public synchronized void ping() {
    pings++;
  }

  @Override
  public synchronized void close(CloseCause cause) {
    if (closed == null) {
      closed = cause;
    }
  }

  /** Holds completions from now on: what was sent stays in flight. */
  public synchronized void hold() {
    holding = true;
  }

  /** Completes the sends in flight and every later one at once. */
  public void release() {
    List<Consumer<Throwable>> waiting;
    synchronized (this) {
      holding = false;
      waiting = new ArrayList<>(pending);
      pending.clear();
    }
    for (Consumer<Throwable> done : waiting) {
      synchronized (this) {
        inFlight--;
      }
      done.accept(null);
    }
  }

  /** Fails the sends in flight, as a socket that broke. */
  public void fail() {
    List<Consumer<Throwable>> waiting;
    synchronized (this) {
      waiting = new ArrayList<>(pending);
      pending.clear();
      inFlight -= waiting.size();
    }
    waiting.forEach(done -> done.accept(new java.io.IOException("broken pipe")));
  }

  public synchronized List<JsonObject> sent() {
    return List.copyOf(sent);
  }

  public synchronized List<String> types() {
    return sent.stream().map(m -> m.getString("type")).toList();
  }

  /** The versions of the cache_invalidation messages sent, in order. */
  public synchronized List<Long> versions() {
    return sent.stream()
        .filter(m -> m.getString("type").equals("cache_invalidation"))
        .map(m -> m.getJsonNumber("version").longValue())
        .toList();
  }

  public synchronized int mostInFlight() {
    return mostInFlight;
  }

  public synchronized CloseCause closed() {
    return closed;
  }

  public synchronized int pings() {
    return pings;
  }
}
