package com.procurementcache.push.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** When the feed's thread polls the change log and cleans it up next. */
public final class ChangeFeedLoop {

  /** The wake-up that asks for a poll rather than one organization's catch-up. */
  public static final UUID POLL = new UUID(0, 0);

  private final Duration pollInterval;
  private final Duration cleanupInterval;
  private final Clock clock;
  private Instant nextPoll;
  private Instant nextCleanup;

  public ChangeFeedLoop(Duration pollInterval, Duration cleanupInterval, Clock clock) {
    this.pollInterval = pollInterval;
    this.cleanupInterval = cleanupInterval;
    this.clock = clock;
    Instant now = clock.instant();
    this.nextPoll = now;
    this.nextCleanup = now;
  }

  /** How long the thread may wait for a wake-up before it has a poll or a clean-up to do. */
  public Duration untilNextWork() {
    Instant next = nextPoll.isBefore(nextCleanup) ? nextPoll : nextCleanup;
    Duration left = Duration.between(clock.instant(), next);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean pollDue() {
    return !clock.instant().isBefore(nextPoll);
  }

  public void polled() {
    nextPoll = clock.instant().plus(pollInterval);
  }

  public boolean cleanupDue() {
    return !clock.instant().isBefore(nextCleanup);
  }

  public void cleanedUp() {
    nextCleanup = clock.instant().plus(cleanupInterval);
  }
}
