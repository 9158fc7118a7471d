package com.procurementcache.cache.control;

import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.CachedValue;
import java.time.Instant;

/** What a cached value's age makes of it under its tier. */
public enum Freshness {
  /** Younger than the tier's freshness: served as is. */
  FRESH,
  /** Older than freshness, younger than retention: served while it is recomputed. */
  STALE,
  /** Older than retention: as good as missing. */
  EXPIRED;

  public static Freshness of(CachedValue value, CacheTier tier, Instant now) {
    Instant computed = value.computedAt();
    if (now.isBefore(computed.plus(tier.freshness()))) {
      return FRESH;
    }
    if (now.isBefore(computed.plus(tier.retention()))) {
      return STALE;
    }
    return EXPIRED;
  }
}
