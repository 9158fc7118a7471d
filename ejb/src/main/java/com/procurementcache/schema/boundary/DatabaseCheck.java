package com.procurementcache.schema.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while PostgreSQL answers: without it no figure can be served or refreshed. */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

  private static final int TIMEOUT_SECONDS = 2;

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database");
    try (Connection connection = dataSource.getConnection()) {
      boolean valid = connection.isValid(TIMEOUT_SECONDS);
      return response
          .status(valid)
          .withData("product", connection.getMetaData().getDatabaseProductVersion())
          .build();
    } catch (SQLException e) {
      // The message says what failed (refused, auth, unknown database) without a stack trace.
      return response.down().withData("error", e.getMessage()).build();
    }
  }
}
