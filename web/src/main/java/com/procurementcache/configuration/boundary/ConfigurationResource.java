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

/** The effective settings of this node (admin); secrets show only that they are set. */
@Path("configuration")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConfigurationResource {

  @Inject EffectiveConfiguration configuration;

  @GET
  @RolesAllowed(OrganizationAccess.ADMIN)
  @Operation(summary = "Effective configuration of this node (admin).")
  public Map<String, String> settings() {
    return configuration.settings();
  }
}
