package com.procurementcache.organization.boundary;

import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.problem.boundary.ProblemException;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The organizations: all of them for admins, one's own for a viewer. */
@Path("organizations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationsResource {

  @Inject OrganizationDirectory directory;

  @Inject OrganizationAccess access;

  @GET
  @RolesAllowed(OrganizationAccess.ADMIN)
  @Operation(summary = "Every organization (admin).")
  @APIResponse(
      responseCode = "200",
      description = "The organizations.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(type = SchemaType.ARRAY, implementation = OrganizationSummary.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  public List<OrganizationSummary> all() {
    return directory.all();
  }

  @GET
  @Path("{orgId}")
  @RolesAllowed({OrganizationAccess.ADMIN, OrganizationAccess.VIEWER})
  @Operation(
      summary = "One organization with its data counts; a viewer reads only its own.",
      description =
          "400: the id is not a UUID; 403: a viewer token of another organization; 404: no such"
              + " organization.")
  @APIResponse(responseCode = "200", description = "The organization.")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public OrganizationSummary one(
      @Parameter(ref = "OrganizationId") @PathParam("orgId") OrganizationId id) {
    access.requireRead(id);
    return directory.find(id.uuid()).orElseThrow(() -> ProblemException.noOrganization(id));
  }
}
