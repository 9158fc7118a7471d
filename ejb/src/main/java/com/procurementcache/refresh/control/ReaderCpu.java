package com.procurementcache.refresh.control;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The share of this JVM's CPU that went to other work than the refresh: the process's CPU time
 * minus the refresh thread's own, over the wall time since the previous measurement, per core. The
 * refresh's SQL runs in PostgreSQL, not here; what is left of it in this JVM (the driver, building
 * outcomes) runs on its thread and is taken out, so the refresh does not defer to itself. Small
 * leftovers count as others' work: cache evictions and change-feed work that its commits cause on
 * other threads, and garbage collection.
 *
 * <p>Called from the refresh's thread; a measurement on another thread (a new run) or within {@link
 * #MIN_INTERVAL_NANOS} of the previous one answers the previous share.
 */
final class ReaderCpu {

  static final long MIN_INTERVAL_NANOS = 100_000_000L;

  /** A reading of the counters, all in nanoseconds. */
  record Sample(long thread, long wall, long processCpu, long threadCpu) {

    /** The others' share of {@code cores} cores from {@code earlier} to this sample (0..1). */
    double othersShareSince(Sample earlier, int cores) {
      long wallSpent = wall - earlier.wall;
      if (wallSpent <= 0 || cores <= 0) {
        return 0;
      }
      long others = (processCpu - earlier.processCpu) - (threadCpu - earlier.threadCpu);
      return Math.max(0, Math.min(1, (double) others / ((double) wallSpent * cores)));
    }
  }

  private final com.sun.management.OperatingSystemMXBean os;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final int cores = Runtime.getRuntime().availableProcessors();
  private Sample previous;
  private double share;

  ReaderCpu() {
    this.os =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean sun
            ? sun
            : null;
  }

  synchronized double measure() {
    if (os == null || !threads.isCurrentThreadCpuTimeSupported()) {
      return 0; // the other signals still decide
    }
    Sample now =
        new Sample(
            Thread.currentThread().getId(),
            System.nanoTime(),
            os.getProcessCpuTime(),
            threads.getCurrentThreadCpuTime());
    if (previous == null || previous.thread() != now.thread()) {
      // A new run on a new thread: no baseline of its own yet. The process's recent load is the
      // best guess; the refresh has hardly worked yet.
      share = Math.max(0, os.getProcessCpuLoad());
      previous = now;
    } else if (now.wall() - previous.wall() >= MIN_INTERVAL_NANOS) {
      share = now.othersShareSince(previous, cores);
      previous = now;
    }
    return share;
  }
}
