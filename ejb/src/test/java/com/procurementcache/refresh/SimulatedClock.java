package com.procurementcache.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves: set to an instant, advanced by hand, or ticking a fixed step on every
 * read (to make time pass while a run works).
 */
final class SimulatedClock extends Clock {

  private final AtomicReference<Instant> now;
  private volatile Duration tick = Duration.ZERO;

  SimulatedClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  void set(Instant instant) {
    now.set(instant);
  }

  void advance(Duration duration) {
    now.updateAndGet(i -> i.plus(duration));
  }

  /** Every read from now on moves the clock on by {@code step}. */
  void tickOnEveryRead(Duration step) {
    tick = step;
  }

  @Override
  public Instant instant() {
    Duration step = tick;
    return step.isZero() ? now.get() : now.getAndUpdate(i -> i.plus(step));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
