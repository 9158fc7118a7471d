package com.procurementcache.schema.boundary;

import com.procurementcache.schema.control.SchemaMigrations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every migration packed in this build is applied and none has failed. */
@Readiness
@ApplicationScoped
public class SchemaMigrationsCheck implements HealthCheck {

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("schema-migrations");
    try {
      SchemaMigrations.Status status = new SchemaMigrations(dataSource).status();
      return response
          .status(status.upToDate())
          .withData("version", String.valueOf(status.currentVersion()))
          .withData("applied", status.applied())
          .withData("pending", status.pending())
          .withData("failed", status.failed())
          .build();
    } catch (RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
