package com.procurementcache.metrics.control;

import java.time.Duration;
import java.util.Objects;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * A sum of durations, kept as a counter of microseconds, which the Prometheus output shows as
 * {@code <name>_seconds_total}; a mean is its rate over the rate of the counter of what it
 * measured.
 */
public final class SecondsCounter {

  private final Counter micros;

  private SecondsCounter(Counter micros) {
    this.micros = micros;
  }

  /** Registers (or finds) the counter {@code name} in {@code registry}. */
  public static SecondsCounter register(MetricRegistry registry, String name, String description) {
    return new SecondsCounter(
        registry.counter(
            Metadata.builder()
                .withName(name)
                .withDescription(description)
                .withUnit(MetricUnits.MICROSECONDS)
                .build()));
  }

  /** Adds {@code duration}; a negative one (clocks of two machines) counts as none. */
  public void add(Duration duration) {
    Objects.requireNonNull(duration, "a duration");
    micros.inc(duration.isNegative() ? 0 : duration.toNanos() / 1000);
  }
}
