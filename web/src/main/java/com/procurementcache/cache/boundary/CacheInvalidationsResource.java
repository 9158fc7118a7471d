package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.organization.boundary.OrganizationDirectory;
import com.procurementcache.organization.boundary.OrganizationsResource;
import com.procurementcache.problem.boundary.Problem;
import com.procurementcache.problem.boundary.ProblemException;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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

  @Inject OrganizationDirectory directory;

  @POST
  @RolesAllowed(OrganizationAccess.ADMIN)
  @Operation(
      summary = "Evict an organization's cached data on every node (admin).",
      description =
          "Every data type of the organization (nightly data, suppliers, locations) leaves the"
              + " cluster cache at once; the next request reads it from PostgreSQL.")
  @APIResponse(
      responseCode = "200",
      description = "Evicted.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Invalidation.class)))
  @APIResponse(
      responseCode = "400",
      description = "The id is not a UUID.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "401",
      description = "No valid bearer token.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "Not an admin token.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such organization.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Invalidation invalidate(
      @Parameter(
              description = "The organization (UUID).",
              schema = @Schema(type = SchemaType.STRING, format = "uuid"))
          @PathParam("orgId")
          String orgId) {
    UUID organization = OrganizationsResource.parseOrganizationId(orgId);
    if (directory.find(organization).isEmpty()) {
      throw ProblemException.notFound("No organization " + organization + ".");
    }
    data.evict(organization);
    return new Invalidation(
        organization,
        CachedData.organizationTypes().stream().map(DataType::slug).toList(),
        Instant.now());
  }

  /** What was evicted, and when. */
  public record Invalidation(UUID organizationId, List<String> dataTypes, Instant invalidatedAt) {}
}
