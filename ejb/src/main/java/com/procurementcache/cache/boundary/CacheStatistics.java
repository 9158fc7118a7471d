package com.procurementcache.cache.boundary;

import com.procurementcache.cache.control.ClusterStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Cache statistics per data type, summed over the nodes of the cluster. */
@ApplicationScoped
public class CacheStatistics {

  @Inject ClusterStatistics statistics;

  public ClusterStatistics.Summary cluster() {
    return statistics.cluster();
  }
}
