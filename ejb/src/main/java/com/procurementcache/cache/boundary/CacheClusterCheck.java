package com.procurementcache.cache.boundary;

import com.procurementcache.cache.control.HazelcastGrid;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.cache.CacheManager;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while this node is a working member of the cache cluster: without it every request
 * would go to PostgreSQL and no single flight or eviction would reach the other nodes.
 */
@Readiness
@ApplicationScoped
public class CacheClusterCheck implements HealthCheck {

  @Inject CacheManager cacheManager;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("cache-cluster");
    try {
      HazelcastGrid.GridState grid = HazelcastGrid.state(cacheManager);
      return response
          .status(grid.active())
          .withData("members", grid.members())
          .withData("state", grid.state())
          .build();
    } catch (RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
