package com.procurementcache.configuration.boundary;

import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The effective settings of this node (admin); secrets show only that they are set. */
@Path("configuration")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConfigurationResource {

  @Inject EffectiveConfiguration configuration;

  @GET
  @RolesAllowed(OrganizationAccess.ADMIN)
  @Operation(summary = "Effective configuration of this node (admin).")
  @APIResponse(
      responseCode = "200",
      description = "Each setting's key and value; a secret shows only that it is set.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  public Map<String, String> settings() {
    return configuration.settings();
  }
}
