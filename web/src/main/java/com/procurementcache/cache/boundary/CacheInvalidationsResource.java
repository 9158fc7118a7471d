package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.organization.boundary.OrganizationDirectory;
import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.problem.boundary.ProblemException;
import com.procurementcache.push.boundary.ChangeRecorder;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Evicts one organization's cached data on every node (admin). */
@Path("organizations/{orgId}/cache/invalidations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CacheInvalidationsResource {

  @Inject CachedData data;

  @Inject ChangeRecorder changes;

  @Inject OrganizationDirectory directory;

  @Inject Clock clock;

  @POST
  @RolesAllowed(OrganizationAccess.ADMIN)
  @Operation(
      summary = "Evict an organization's cached data on every node (admin).",
      description =
          "Every data type of the organization (nightly data, suppliers, locations) leaves the"
              + " cluster cache at once; the next request reads it from PostgreSQL. 400: the id"
              + " is not a UUID; 403: not an admin token; 404: no such organization.")
  @APIResponse(
      responseCode = "200",
      description = "Evicted.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Invalidation.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Invalidation invalidate(
      @Parameter(ref = "OrganizationId") @PathParam("orgId") OrganizationId organization) {
    if (directory.find(organization.uuid()).isEmpty()) {
      throw ProblemException.noOrganization(organization);
    }
    List<DataType> types = CachedData.organizationTypes();
    // The change-log row tells every node (and every subscriber); this node evicts at once.
    long version = changes.invalidated(organization.uuid(), types);
    data.changed(organization.uuid(), version, types, false);
    return new Invalidation(
        organization.uuid(), types.stream().map(DataType::slug).toList(), clock.instant(), version);
  }

  /** What was evicted, when, and the organization's change version it became. */
  public record Invalidation(
      UUID organizationId, List<String> dataTypes, Instant invalidatedAt, long version) {}
}
