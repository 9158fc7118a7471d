package com.procurementcache;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The JSON API under {@code /api/v1}: every resource needs a bearer token (a JWT verified by {@link
 * com.procurementcache.security.boundary.BearerTokenMechanism}).
 */
@ApplicationPath("api/v1")
@DeclareRoles({"admin", "viewer"})
@OpenAPIDefinition(
    info =
        @Info(
            title = "procurement-cache",
            version = "1",
            description = "Nightly-refreshed procurement analytics per organization."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class ProcurementCacheApplication extends Application {

  /**
   * No WADL ({@code application.wadl}, and as the answer to {@code OPTIONS}): it names the
   * implementation and its version. {@code OPTIONS} still answers with {@code Allow}.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
