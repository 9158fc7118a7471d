package com.procurementcache.cache.entity;

import java.io.Serializable;

/**
 * The counters of one data type's cache, on one node or summed over the cluster.
 *
 * @param hits requests answered from the cache (fresh or stale)
 * @param misses requests that found no usable value and computed it or waited for it
 * @param staleServed hits that were stale (and triggered a recomputation)
 * @param computations values read from PostgreSQL and stored
 * @param computationFailures computations that failed
 * @param entries entries held (a node: those it owns; the cluster: all)
 * @param evictions entries evicted to keep within the size bound
 */
public record DataTypeStatistics(
    long hits,
    long misses,
    long staleServed,
    long computations,
    long computationFailures,
    long entries,
    long evictions)
    implements Serializable {

  public static final DataTypeStatistics NONE = new DataTypeStatistics(0, 0, 0, 0, 0, 0, 0);

  /** hits ÷ (hits + misses); 0 before the first request. */
  public double hitRatio() {
    long requests = hits + misses;
    return requests == 0 ? 0.0 : (double) hits / requests;
  }

  public DataTypeStatistics plus(DataTypeStatistics other) {
    return new DataTypeStatistics(
        hits + other.hits,
        misses + other.misses,
        staleServed + other.staleServed,
        computations + other.computations,
        computationFailures + other.computationFailures,
        entries + other.entries,
        evictions + other.evictions);
  }
}
