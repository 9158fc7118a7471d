package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The refresh's status, for any signed-in user: what the dashboard shows as data freshness. */
@Path("refresh/status")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RefreshStatusResource {

  @Inject RefreshAudit audit;

  @GET
  @RolesAllowed({OrganizationAccess.ADMIN, OrganizationAccess.VIEWER})
  @Operation(
      summary =
          "idle / updating (with progress) / completed / error, the last success and the next"
              + " scheduled run.")
  @APIResponse(
      responseCode = "200",
      description = "The status.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RefreshStatus.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  public RefreshStatus status() throws SQLException {
    return audit.status();
  }
}
