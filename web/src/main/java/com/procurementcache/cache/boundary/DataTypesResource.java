package com.procurementcache.cache.boundary;

import com.procurementcache.cache.entity.ServedType;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The data types and their cache tiers, for client caches: the server's tier configuration is the
 * one source of truth for a client's {@code staleTime} and {@code gcTime}.
 */
@Path("data-types")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DataTypesResource {

  /** The document: one entry per data type. */
  public record DataTypes(List<ServedType> dataTypes) {}

  @Inject OrganizationData data;

  @GET
  @RolesAllowed({OrganizationAccess.ADMIN, OrganizationAccess.VIEWER})
  @Operation(
      operationId = "dataTypes",
      summary = "The data types and their cache tiers, for client caches.",
      description =
          "For each data type: its slug (as in URLs and push events), whether the nightly refresh"
              + " recomputes it, where it is read, whether it is paged and by which fields it"
              + " sorts, and its tier: freshness (a client's staleTime) and retention (its"
              + " gcTime), as ISO-8601 durations and in milliseconds. The tiers are the"
              + " cache.data-type.* settings; they change only with a restart.")
  @APIResponse(
      responseCode = "200",
      description = "The data types.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DataTypes.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  public Response get() {
    CacheControl caching = new CacheControl();
    caching.setPrivate(true);
    caching.setMaxAge(3600);
    return Response.ok(new DataTypes(data.servedTypes())).cacheControl(caching).build();
  }
}
