package com.procurementcache.cache.boundary;

import com.procurementcache.cache.control.HazelcastGrid;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
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

  private static final Logger LOG = Logger.getLogger(CacheClusterCheck.class.getName());

  @Inject HazelcastGrid grid;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("cache-cluster");
    try {
      HazelcastGrid.GridState state = grid.state();
      return response
          .status(state.active())
          .withData("members", state.members())
          .withData("state", state.state())
          .build();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The cache cluster cannot be checked", e);
      return response.down().withData("error", "the data grid does not answer").build();
    }
  }
}
