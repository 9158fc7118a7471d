package com.procurementcache.cache.control;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.NodeStatistics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/**
 * The cluster's caches, from Payara's JCache {@link CacheManager} (Hazelcast): one per data type,
 * bounded, expiring at the type's retention, plus the small caches the serving logic coordinates
 * through. Every node asks for the same names; the first to create a cache decides its settings.
 */
@ApplicationScoped
public class DataCaches {

  static final String PREFIX = "procurement-cache.";

  /** Marks a computation in progress per key: the cluster-wide single flight. */
  static final String COMPUTATIONS = PREFIX + "computations";

  /** Each node's latest counters, for the cluster-wide statistics. */
  static final String NODE_STATISTICS = PREFIX + "node-statistics";

  private static final Logger LOG = Logger.getLogger(DataCaches.class.getName());

  @Inject CacheManager cacheManager;

  @Inject CacheTiers tiers;

  @Inject CacheSettings settings;

  private final Map<DataType, Cache<String, CachedValue>> byType = new EnumMap<>(DataType.class);
  private Cache<String, String> computations;
  private Cache<String, NodeStatistics> nodeStatistics;

  @PostConstruct
  void open() {
    int maxEntries = settings.maxEntries();
    for (DataType type : DataType.values()) {
      byType.put(type, open(name(type), maxEntries, tiers.of(type).retention()));
    }
    // A marker outlives its computation by at most the timeout: a node that dies while computing
    // leaves a marker that expires, and the next request computes instead.
    computations = open(COMPUTATIONS, Math.max(maxEntries, 1000), settings.computationTimeout());
    // A node that stops publishing drops out of the sums after three missed intervals.
    nodeStatistics = open(NODE_STATISTICS, 1000, settings.publishInterval().multipliedBy(3));
  }

  public Cache<String, CachedValue> of(DataType type) {
    return byType.get(type);
  }

  Cache<String, String> computations() {
    return computations;
  }

  Cache<String, NodeStatistics> nodeStatistics() {
    return nodeStatistics;
  }

  public static String name(DataType type) {
    return PREFIX + type.slug();
  }

  CacheManager cacheManager() {
    return cacheManager;
  }

  @SuppressWarnings("unchecked")
  private <K, V> Cache<K, V> open(String name, int entries, Duration expiry) {
    Cache<K, V> cache = cacheManager.getCache(name);
    if (cache != null) {
      return cache;
    }
    try {
      cache =
          (Cache<K, V>)
              cacheManager.createCache(name, HazelcastGrid.boundedConfiguration(entries, expiry));
      LOG.info(
          () ->
              "Created cache "
                  + name
                  + " (at most "
                  + entries
                  + " entries, expiry "
                  + expiry
                  + ")");
      return cache;
    } catch (CacheException e) {
      // Another node (or thread) created it between our look-up and our creation.
      cache = cacheManager.getCache(name);
      if (cache == null) {
        throw e;
      }
      return cache;
    }
  }
}
