package com.procurementcache.traffic.entity;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The node's API traffic over a short recent window.
 *
 * @param requestsPerSecond requests that arrived in the window, per second
 * @param meanLatency mean time of the requests that ended in the window (zero when none did)
 * @param inFlight requests being served now
 */
public record TrafficSample(double requestsPerSecond, Duration meanLatency, long inFlight) {

  public static final TrafficSample NONE = new TrafficSample(0, Duration.ZERO, 0);

  public TrafficSample {
    if (requestsPerSecond < 0 || inFlight < 0) {
      throw new IllegalArgumentException("traffic is never negative");
    }
    Objects.requireNonNull(meanLatency, "a mean latency (zero when no request ended)");
  }

  /** {@code 1,240 requests/s (mean 3.2 ms, 12 in flight)}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%,.0f requests/s (mean %.1f ms, %d in flight)",
        requestsPerSecond,
        meanLatency.toNanos() / 1e6,
        inFlight);
  }
}
