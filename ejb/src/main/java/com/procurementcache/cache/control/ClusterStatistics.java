package com.procurementcache.cache.control;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.DataTypeStatistics;
import com.procurementcache.cache.entity.NodeStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.cache.Cache;

/**
 * Cache statistics summed over the cluster. JCache statistics and our counters are per node, so
 * each node publishes its own under its node id in a small grid cache (at every interval and
 * whenever it is asked), and the sum is taken over the entries present: a node that stopped drops
 * out when its entry expires, and no node is counted twice because each writes only its own key.
 */
@ApplicationScoped
public class ClusterStatistics {

  /** This application instance; a restarted node starts again from zero, like its counters. */
  private final String node = UUID.randomUUID().toString();

  @Inject DataCaches caches;

  @Inject CacheCounters counters;

  @Inject Clock clock;

  public String node() {
    return node;
  }

  public NodeStatistics local() {
    Map<String, DataTypeStatistics> byType = new LinkedHashMap<>();
    for (DataType type : DataType.values()) {
      byType.put(type.slug(), counters.snapshot(type));
    }
    return new NodeStatistics(node, clock.instant(), byType);
  }

  public void publish() {
    caches.nodeStatistics().put(node, local());
  }

  /** Per data type (by slug, in the enum's order), the sum over every node that published. */
  public Summary cluster() {
    publish();
    Map<String, DataTypeStatistics> sums = new LinkedHashMap<>();
    for (DataType type : DataType.values()) {
      sums.put(type.slug(), DataTypeStatistics.NONE);
    }
    int nodes = 0;
    for (Cache.Entry<String, NodeStatistics> entry : caches.nodeStatistics()) {
      NodeStatistics statistics = entry.getValue();
      if (statistics == null) {
        continue;
      }
      nodes++;
      statistics
          .byDataType()
          .forEach((slug, s) -> sums.computeIfPresent(slug, (k, v) -> v.plus(s)));
    }
    return new Summary(nodes, sums);
  }

  /** The cluster's sums and how many nodes contributed. */
  public record Summary(int nodes, Map<String, DataTypeStatistics> byDataType) {}
}
