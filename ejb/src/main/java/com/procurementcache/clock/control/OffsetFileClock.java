package com.procurementcache.clock.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The system clock moved by an offset that a file holds ({@code clock.offset-file}): an ISO-8601
 * duration such as {@code P120DT13H}, or {@code -PT1H}. Every node of a rehearsal reads the same
 * file, so they share one time, and a new offset written to it is seen by all within {@link
 * #RECHECK}: a rehearsal can move the nodes from one night to the next, through both
 * daylight-saving days of a year, without waiting for real nights. Time still passes at its real
 * rate in between, so leases, retries and timeouts behave as they do in production.
 *
 * <p>A file that is missing or does not hold a duration when the clock is made is a configuration
 * error; later, the last offset read stays in force until the file holds a duration again (write it
 * to another file and rename it over the old one to change it in one step).
 */
public final class OffsetFileClock extends Clock {

  private static final Logger LOG = Logger.getLogger(OffsetFileClock.class.getName());

  /** How often the file is read again: within this time of a change, every reader sees it. */
  public static final Duration RECHECK = Duration.ofMillis(200);

  private final OffsetFile offset;
  private final ZoneId zone;

  /**
   * @throws IllegalArgumentException when the file cannot be read or does not hold a duration
   */
  public OffsetFileClock(Path file, Clock system) {
    this(new OffsetFile(file, system, System::nanoTime), ZoneOffset.UTC);
  }

  OffsetFileClock(Path file, Clock system, LongSupplier nanoTime) {
    this(new OffsetFile(file, system, nanoTime), ZoneOffset.UTC);
  }

  private OffsetFileClock(OffsetFile offset, ZoneId zone) {
    this.offset = offset;
    this.zone = zone;
  }

  /** The offset in force now (read again from the file at most every {@link #RECHECK}). */
  public Duration offset() {
    return Duration.ofNanos(offset.nanos());
  }

  @Override
  public Instant instant() {
    return offset.system.instant().plusNanos(offset.nanos());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(this.zone) ? this : new OffsetFileClock(offset, zone);
  }

  @Override
  public String toString() {
    return "OffsetFileClock[" + offset.file + ", " + offset() + "]";
  }

  /** The offset and when it was last read, shared by the clock's zoned copies. */
  private static final class OffsetFile {
    private final Path file;
    private final Clock system;
    private final LongSupplier nanoTime;
    private final AtomicLong nextCheck;
    private volatile long nanos;

    OffsetFile(Path file, Clock system, LongSupplier nanoTime) {
      this.file = Objects.requireNonNull(file, "an offset file");
      this.system = Objects.requireNonNull(system, "a system clock");
      this.nanoTime = nanoTime;
      try {
        this.nanos = read();
      } catch (IOException | DateTimeParseException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "clock.offset-file " + file + " does not hold an ISO-8601 duration: " + e.getMessage(),
            e);
      }
      this.nextCheck = new AtomicLong(nanoTime.getAsLong() + RECHECK.toNanos());
    }

    long nanos() {
      long now = nanoTime.getAsLong();
      long due = nextCheck.get();
      // One reader a period reads the file; the others go on with the offset in force.
      if (now - due >= 0 && nextCheck.compareAndSet(due, now + RECHECK.toNanos())) {
        try {
          long read = read();
          if (read != nanos) {
            LOG.log(
                Level.INFO,
                "Clock offset now {0} (from {1})",
                new Object[] {Duration.ofNanos(read), file});
            nanos = read;
          }
        } catch (IOException | DateTimeParseException | ArithmeticException e) {
          LOG.log(
              Level.WARNING,
              "Clock offset file {0} unreadable ({1}); the offset stays {2}",
              new Object[] {file, e.getMessage(), Duration.ofNanos(nanos)});
        }
      }
      return nanos;
    }

    private long read() throws IOException {
      return Duration.parse(Files.readString(file, StandardCharsets.UTF_8).strip()).toNanos();
    }
  }
}
