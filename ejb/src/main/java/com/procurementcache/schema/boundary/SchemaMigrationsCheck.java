package com.procurementcache.schema.boundary;

import com.procurementcache.schema.control.SchemaMigrations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when every migration packed in this build is applied and none has failed. Once the
 * schema is up to date it stays so for the life of this deployment (migrations only come with a new
 * build), so the answer is kept instead of asking Flyway on every probe.
 */
@Readiness
@ApplicationScoped
public class SchemaMigrationsCheck implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(SchemaMigrationsCheck.class.getName());

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  private volatile SchemaMigrations.Status upToDate;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("schema-migrations");
    try {
      SchemaMigrations.Status status = upToDate;
      if (status == null) {
        status = new SchemaMigrations(dataSource).status();
        if (status.upToDate()) {
          upToDate = status;
        }
      }
      return response
          .status(status.upToDate())
          .withData("version", String.valueOf(status.currentVersion()))
          .withData("applied", status.applied())
          .withData("pending", status.pending())
          .withData("failed", status.failed())
          .build();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The schema migrations cannot be read", e);
      return response.down().withData("error", "the schema migrations cannot be read").build();
    }
  }
}
