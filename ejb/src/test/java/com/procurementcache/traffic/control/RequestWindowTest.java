package com.procurementcache.traffic.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.procurementcache.traffic.entity.TrafficSample;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestWindowTest {

  static final long MS = 1_000_000L;

  final AtomicLong now = new AtomicLong(1_000_000 * MS);
  final RequestWindow window = new RequestWindow(Duration.ofMillis(100), 10, now::get);

  /** {@code count} requests of {@code latencyMs} each, spread over the next {@code spanMs}. */
  void serve(int count, long latencyMs, long spanMs) {
    long step = spanMs * MS / count;
    for (int i = 0; i < count; i++) {
      long started = window.started();
      now.addAndGet(latencyMs * MS);
      window.finished(started);
      now.addAndGet(step - latencyMs * MS);
    }
  }

  @Test
  void countsTheRateAndMeanLatencyOfTheLastSecond() {
    now.set(now.get() - now.get() % (100 * MS)); // at the start of a bucket
    serve(500, 2, 1000); // 500 requests in one second, 2 ms each

    TrafficSample sample = window.sample();

    // The window spans the last nine whole buckets (450 requests) and the current one, which has
    // just begun: 450 in 0.9 s, the rate they came at.
    assertThat(sample.requestsPerSecond()).isCloseTo(500, within(1e-6));
    assertThat(sample.meanLatency()).isEqualTo(Duration.ofMillis(2));
    assertThat(sample.inFlight()).isZero();
  }

  @Test
  void forgetsWhatIsOlderThanTheWindow() {
    serve(1000, 1, 1000);
    now.addAndGet(1000 * MS);
    serve(10, 5, 1000);

    TrafficSample sample = window.sample();

    assertThat(sample.requestsPerSecond()).isBetween(9.0, 12.0);
    assertThat(sample.meanLatency()).isEqualTo(Duration.ofMillis(5));
    now.addAndGet(1100 * MS);
    assertThat(window.sample()).isEqualTo(TrafficSample.NONE);
  }

  @Test
  void countsRequestsInFlight() {
    long first = window.started();
    window.started();
    assertThat(window.sample().inFlight()).isEqualTo(2);
    window.finished(first);
    assertThat(window.sample().inFlight()).isEqualTo(1);
  }

  @Test
  void losesNoRequestRecordedFromManyThreadsAtOnce() throws Exception {
    RequestWindow shared = new RequestWindow(Duration.ofSeconds(10), 2, System::nanoTime);
    int threads = 8;
    int each = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.submit(
          () -> {
            for (int i = 0; i < each; i++) {
              shared.finished(shared.started());
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    TrafficSample sample = shared.sample();
    // All arrivals fall within the last 10 to 20 seconds' window: rate × span = count.
    assertThat(sample.inFlight()).isZero();
    assertThat(sample.requestsPerSecond()).isGreaterThanOrEqualTo(threads * each / 20.0);
  }
}
