package com.procurementcache.cache.control;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.DataTypeStatistics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * This node's cache counters per data type, registered as MicroProfile Metrics (application scope,
 * tag {@code data_type} only). Prometheus sums them over nodes; {@link ClusterStatistics} does the
 * same for the statistics resource.
 */
@ApplicationScoped
public class CacheCounters {

  static final String TAG = "data_type";

  @Inject MetricRegistry registry;

  @Inject DataCaches caches;

  private final Map<DataType, Counters> counters = new EnumMap<>(DataType.class);

  @PostConstruct
  void register() {
    for (DataType type : DataType.values()) {
      Tag tag = new Tag(TAG, type.slug());
      Counters c =
          new Counters(
              counter("cache.hits", "Requests answered from the cache, fresh or stale.", tag),
              counter(
                  "cache.misses",
                  "Requests that found no usable value and computed it or waited for it.",
                  tag),
              counter("cache.stale.served", "Stale values served while recomputed.", tag),
              counter("cache.computations", "Values read from PostgreSQL into the cache.", tag),
              counter("cache.computation.failures", "Computations that failed.", tag),
              counter("cache.evictions", "Entries evicted to keep within the size bound.", tag));
      counters.put(type, c);
      registry.gauge(
          Metadata.builder()
              .withName("cache.hit.ratio")
              .withDescription("hits / (hits + misses) on this node since it started.")
              .withUnit(MetricUnits.NONE)
              .build(),
          c,
          Counters::hitRatio,
          tag);
      registry.gauge(
          Metadata.builder()
              .withName("cache.entries")
              .withDescription(
                  "Entries this node holds as their owner (the sum over nodes is all).")
              .withUnit(MetricUnits.NONE)
              .build(),
          caches.of(type),
          HazelcastGrid::ownedEntries,
          tag);
    }
  }

  /** Instantiates the bean, and so registers the metrics, when the application starts. */
  void startup(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // the bean's construction is the point
  }

  private Counter counter(String name, String description, Tag tag) {
    return registry.counter(
        Metadata.builder()
            .withName(name)
            .withDescription(description)
            .withUnit(MetricUnits.NONE)
            .build(),
        tag);
  }

  public void hit(DataType type, boolean stale) {
    Counters c = counters.get(type);
    c.hits.inc();
    if (stale) {
      c.staleServed.inc();
    }
  }

  public void miss(DataType type) {
    counters.get(type).misses.inc();
  }

  public void computed(DataType type) {
    counters.get(type).computations.inc();
  }

  public void computationFailed(DataType type) {
    counters.get(type).failures.inc();
  }

  /**
   * This node's statistics of {@code type}; the eviction counter catches up with Hazelcast's count
   * first, which only grows.
   */
  public DataTypeStatistics snapshot(DataType type) {
    Counters c = counters.get(type);
    var cache = caches.of(type);
    synchronized (c) {
      long evicted = HazelcastGrid.evictions(cache);
      if (evicted > c.evictions.getCount()) {
        c.evictions.inc(evicted - c.evictions.getCount());
      }
    }
    return new DataTypeStatistics(
        c.hits.getCount(),
        c.misses.getCount(),
        c.staleServed.getCount(),
        c.computations.getCount(),
        c.failures.getCount(),
        HazelcastGrid.ownedEntries(cache),
        c.evictions.getCount());
  }

  private record Counters(
      Counter hits,
      Counter misses,
      Counter staleServed,
      Counter computations,
      Counter failures,
      Counter evictions) {

    double hitRatio() {
      long h = hits.getCount();
      long requests = h + misses.getCount();
      return requests == 0 ? 0.0 : (double) h / requests;
    }
  }
}
