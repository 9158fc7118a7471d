package com.procurementcache.organization.boundary;

import com.procurementcache.problem.boundary.Problem;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
  public List<OrganizationSummary> all() {
    return directory.all();
  }

  @GET
  @Path("{orgId}")
  @RolesAllowed({OrganizationAccess.ADMIN, OrganizationAccess.VIEWER})
  @Operation(summary = "One organization with its data counts; a viewer reads only its own.")
  @APIResponse(responseCode = "200", description = "The organization.")
  @APIResponse(
      responseCode = "400",
      description = "The id is not a UUID.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "A viewer token of another organization.",
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
  public OrganizationSummary one(@PathParam("orgId") String orgId) {
    UUID id = parseOrganizationId(orgId);
    if (!access.mayRead(id)) {
      throw ProblemException.forbidden("This token may not read organization " + id + ".");
    }
    return directory
        .find(id)
        .orElseThrow(() -> ProblemException.notFound("No organization " + id + "."));
  }

  /** {@code value} as an organization id, or a 400 problem naming it. */
  public static UUID parseOrganizationId(String value) {
    return parseId("Organization id", value);
  }

  /** {@code value} as a canonical UUID, or a 400 problem saying that {@code what} must be one. */
  public static UUID parseId(String what, String value) {
    try {
      UUID id = UUID.fromString(value);
      // UUID.fromString accepts short forms such as 1-1-1-1-1; only the canonical form is an id.
      if (id.toString().equalsIgnoreCase(value)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the problem below
    }
    throw ProblemException.badRequest(what + " must be a UUID, got '" + value + "'.");
  }
}
