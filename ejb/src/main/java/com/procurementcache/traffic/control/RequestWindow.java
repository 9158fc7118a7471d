package com.procurementcache.traffic.control;

import com.procurementcache.traffic.entity.TrafficSample;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts requests over a sliding window of short buckets: arrivals, completions and their summed
 * latency per bucket, and the requests in flight. It runs on every API request, so the recording
 * side takes no lock and allocates only when a bucket's slot is taken over by a newer bucket (once
 * per bucket length, not per request): a read of the slot, a few {@link LongAdder} additions.
 *
 * <p>The ring holds one slot per bucket of the window; a slot whose bucket is older than the window
 * is ignored when sampling and replaced by the first request of its new bucket (a compare-and-set,
 * so two threads never reset each other's counts).
 */
public final class RequestWindow {

  private final long bucketNanos;
  private final AtomicReferenceArray<Bucket> ring;
  private final LongSupplier nanoTime;
  private final LongAdder inFlight = new LongAdder();

  /** One bucket's counts; its tick is its start time divided by the bucket length. */
  private static final class Bucket {
    final long tick;
    final LongAdder arrivals = new LongAdder();
    final LongAdder completions = new LongAdder();
    final LongAdder latencyNanos = new LongAdder();

    Bucket(long tick) {
      this.tick = tick;
    }
  }

  /**
   * @param bucket the length of one bucket
   * @param buckets how many buckets the window spans (the current one included)
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public RequestWindow(Duration bucket, int buckets, LongSupplier nanoTime) {
    if (bucket.isNegative() || bucket.isZero() || buckets < 2) {
      throw new IllegalArgumentException("a window of at least two buckets of positive length");
    }
    this.bucketNanos = bucket.toNanos();
    this.ring = new AtomicReferenceArray<>(buckets);
    this.nanoTime = nanoTime;
  }

  /** A window of one second in buckets of 100 ms on the system's monotonic clock. */
  public static RequestWindow oneSecond() {
    return new RequestWindow(Duration.ofMillis(100), 10, System::nanoTime);
  }

  /** A request arrived; returns its start, to hand to {@link #finished(long)}. */
  public long started() {
    long now = nanoTime.getAsLong();
    inFlight.increment();
    bucket(Math.floorDiv(now, bucketNanos)).arrivals.increment();
    return now;
  }

  /** The request that {@link #started()} at {@code startedAt} has been answered. */
  public void finished(long startedAt) {
    long now = nanoTime.getAsLong();
    inFlight.decrement();
    Bucket bucket = bucket(Math.floorDiv(now, bucketNanos));
    bucket.completions.increment();
    bucket.latencyNanos.add(now - startedAt);
  }

  /**
   * The traffic of the window that ends now: the buckets before the current one and the part of the
   * current one that has passed.
   */
  public TrafficSample sample() {
    long now = nanoTime.getAsLong();
    long tick = Math.floorDiv(now, bucketNanos);
    long oldest = tick - ring.length() + 1;
    long arrivals = 0;
    long completions = 0;
    long latency = 0;
    for (int i = 0; i < ring.length(); i++) {
      Bucket bucket = ring.get(i);
      if (bucket != null && bucket.tick >= oldest && bucket.tick <= tick) {
        arrivals += bucket.arrivals.sum();
        completions += bucket.completions.sum();
        latency += bucket.latencyNanos.sum();
      }
    }
    long spanNanos = (ring.length() - 1) * bucketNanos + (now - tick * bucketNanos);
    return new TrafficSample(
        arrivals * 1e9 / spanNanos,
        Duration.ofNanos(completions == 0 ? 0 : latency / completions),
        Math.max(0, inFlight.sum()));
  }

  private Bucket bucket(long tick) {
    int slot = (int) Math.floorMod(tick, (long) ring.length());
    while (true) {
      Bucket current = ring.get(slot);
      // A thread that read the clock just before its slot moved on counts in the newer bucket:
      // off by one bucket, never lost.
      if (current != null && current.tick >= tick) {
        return current;
      }
      Bucket fresh = new Bucket(tick);
      if (ring.compareAndSet(slot, current, fresh)) {
        return fresh;
      }
    }
  }
}
