package com.procurementcache.it;

import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readers of a node: a few threads GETting one API URL back to back over loopback, until closed or
 * for at most {@code limit}, whichever comes first. Counts the answers with status 200.
 */
public final class ReaderLoad implements AutoCloseable {

  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicLong answered = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();

  private ReaderLoad() {}

  public static ReaderLoad start(
      URL base, String path, String bearerToken, int threads, Duration limit) {
    ReaderLoad load = new ReaderLoad();
    Instant end = Instant.now().plus(limit);
    HttpRequest request = Http.request(base, path, bearerToken).GET().build();
    for (int t = 0; t < threads; t++) {
      Thread reader =
          new Thread(
              () -> {
                while (!load.stopped.get() && Instant.now().isBefore(end)) {
                  if (Http.send(request).statusCode() == 200) {
                    load.answered.incrementAndGet();
                  }
                }
              },
              "reader-" + t);
      reader.setDaemon(true);
      reader.start();
      load.threads.add(reader);
    }
    return load;
  }

  public long answered() {
    return answered.get();
  }

  /** Stops the readers and waits until the last of them has its answer. */
  @Override
  public void close() throws InterruptedException {
    stopped.set(true);
    for (Thread reader : threads) {
      reader.join(Duration.ofSeconds(35).toMillis());
    }
  }
}
