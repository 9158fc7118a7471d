package com.procurementcache.refresh.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The rule that keeps a run that defers to readers within its window. The run may defer only while
 * the time left until its deadline (its start + {@code refresh.timeout}) is more than its estimated
 * time to finish: the organizations left × the mean time per organization × {@code
 * refresh.defer.safety-factor} + {@code refresh.defer.margin}. The mean is this run's own on this
 * node (time spent on organizations, waits not counted) once it has done one; before that, the mean
 * of the organizations refreshed most recently (any run); with neither, the time to finish is
 * unknown and the run does not defer until it has measured one organization.
 */
final class FinishBudget {

  private final Instant deadline;
  private final Optional<Duration> earlierMean;
  private final double safetyFactor;
  private final Duration margin;
  private int left;
  private int measured;
  private Duration worked = Duration.ZERO;

  FinishBudget(
      Instant deadline,
      int organizations,
      Optional<Duration> earlierMean,
      double safetyFactor,
      Duration margin) {
    this.deadline = Objects.requireNonNull(deadline, "a deadline");
    this.left = organizations;
    this.earlierMean = Objects.requireNonNull(earlierMean, "an earlier mean or none");
    this.safetyFactor = safetyFactor;
    this.margin = Objects.requireNonNull(margin, "a margin");
  }

  /** One organization is done; it took {@code spent}. */
  void organizationDone(Duration spent) {
    left = Math.max(0, left - 1);
    measured++;
    worked = worked.plus(spent);
  }

  Optional<Duration> meanPerOrganization() {
    return measured > 0 ? Optional.of(worked.dividedBy(measured)) : earlierMean;
  }

  /** The estimated time to finish, safety factor and margin included; empty when unknown. */
  Optional<Duration> timeToFinish() {
    return meanPerOrganization()
        .map(
            mean -> {
              double nanos = (double) mean.toNanos() * left * safetyFactor;
              return Duration.ofNanos((long) Math.min(nanos, Long.MAX_VALUE / 2)).plus(margin);
            });
  }

  /** Whether a run under load may wait at {@code now}. */
  enum Allowance {
    /** Time enough: wait. */
    DEFER,
    /** No organization timed yet: refresh one to learn how long the rest takes. */
    UNKNOWN,
    /** The window is closing: go on despite the load. */
    SPENT
  }

  Allowance allowance(Instant now) {
    Optional<Duration> needed = timeToFinish();
    if (needed.isEmpty()) {
      return Allowance.UNKNOWN;
    }
    return Duration.between(now, deadline).compareTo(needed.get()) > 0
        ? Allowance.DEFER
        : Allowance.SPENT;
  }
}
