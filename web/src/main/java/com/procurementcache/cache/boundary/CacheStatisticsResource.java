package com.procurementcache.cache.boundary;

import com.procurementcache.cache.control.ClusterStatistics;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Cache statistics per data type, summed over the cluster (admin). */
@Path("cache/stats")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CacheStatisticsResource {

  @Inject CacheStatistics statistics;

  @GET
  @RolesAllowed(OrganizationAccess.ADMIN)
  @Operation(
      operationId = "cacheStatistics",
      summary = "Cache statistics per data type, summed over the cluster's nodes (admin).",
      description =
          "hits, misses and hit ratio (hits ÷ (hits + misses)) of requests, entries held, entries"
              + " evicted for size, stale values served, computations and failed computations."
              + " Each node publishes its counters every cache.statistics.publish-interval; the"
              + " node that answers publishes its own first.")
  @APIResponse(
      responseCode = "200",
      description = "The sums.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ClusterCacheStatistics.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  public ClusterCacheStatistics get() {
    ClusterStatistics.Summary summary = statistics.cluster();
    List<ClusterCacheStatistics.ForDataType> types =
        summary.byDataType().entrySet().stream()
            .map(
                e ->
                    new ClusterCacheStatistics.ForDataType(
                        e.getKey(),
                        e.getValue().hits(),
                        e.getValue().misses(),
                        e.getValue().hitRatio(),
                        e.getValue().entries(),
                        e.getValue().evictions(),
                        e.getValue().staleServed(),
                        e.getValue().computations(),
                        e.getValue().computationFailures()))
            .toList();
    return new ClusterCacheStatistics(summary.nodes(), types);
  }

  /** The statistics as JSON. */
  public record ClusterCacheStatistics(int nodes, List<ForDataType> dataTypes) {

    /** One data type's sums. */
    public record ForDataType(
        String dataType,
        long hits,
        long misses,
        double hitRatio,
        long entries,
        long evictions,
        long staleServed,
        long computations,
        long computationFailures) {}
  }
}
