package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import java.time.Clock;
import java.time.Instant;

/**
 * Times an organization's refresh: its start and end by the injected clock (what the audit trail
 * shows, and what tests move), its duration by the monotonic clock (which no clock change moves).
 */
final class Stopwatch {

  private final Clock clock;
  private final Instant startedAt;
  private final long startedNanos;

  private Stopwatch(Clock clock) {
    this.clock = clock;
    this.startedAt = clock.instant();
    this.startedNanos = System.nanoTime();
  }

  static Stopwatch start(Clock clock) {
    return new Stopwatch(clock);
  }

  Instant startedAt() {
    return startedAt;
  }

  /** From the start until now. */
  OrganizationOutcome.Timing timing() {
    long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
    return new OrganizationOutcome.Timing(startedAt, clock.instant(), durationMs);
  }
}
