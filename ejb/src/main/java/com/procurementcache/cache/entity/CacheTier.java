package com.procurementcache.cache.entity;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a cached value of a data type is fresh, and how long it is kept in all: between the two
 * it is served stale while one request recomputes it.
 *
 * @param freshness the plan's {@code staleTime}: age up to which a value is served as is
 * @param retention the plan's {@code gcTime}: age after which a value is dropped
 */
public record CacheTier(Duration freshness, Duration retention) {

  public CacheTier {
    Objects.requireNonNull(freshness, "a tier has a freshness");
    Objects.requireNonNull(retention, "a tier has a retention");
    if (freshness.isNegative() || retention.isNegative()) {
      throw new IllegalArgumentException("tier durations are not negative");
    }
    // A value dropped before it turns stale would never be served stale: the plan's tiers never
    // do this, and a misconfiguration should say so rather than silently shorten freshness.
    if (retention.compareTo(freshness) < 0) {
      throw new IllegalArgumentException(
          "retention " + retention + " is shorter than freshness " + freshness);
    }
  }

  /** How long a stale value may still be served while it is recomputed. */
  public Duration staleWhileRevalidate() {
    return retention.minus(freshness);
  }
}
