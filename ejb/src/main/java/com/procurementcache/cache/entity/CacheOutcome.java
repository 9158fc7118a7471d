package com.procurementcache.cache.entity;

/** How a value came to be served: what the {@code Cache-Status} response header reports. */
public enum CacheOutcome {
  /** Fresh in the cache. */
  HIT,
  /**
   * Stale in the cache, within retention: served while one recomputation runs in the background.
   */
  STALE,
  /** Stale, and recomputing it failed: the last value is served (stale-if-error). */
  STALE_IF_ERROR,
  /** Not in the cache: this request computed it. */
  COMPUTED,
  /**
   * Not in the cache: another request (on this or another node) computed it and this one waited.
   */
  COLLAPSED;

  /** Whether the value was served from the cache without waiting for a computation. */
  public boolean hit() {
    return this == HIT || this == STALE || this == STALE_IF_ERROR;
  }
}
