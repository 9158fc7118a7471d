package com.procurementcache.schema.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while PostgreSQL answers: without it no figure can be served or refreshed. The probe
 * is public: it says UP or DOWN in neutral words; the driver's message (host, user, database) goes
 * to the log only.
 */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(DatabaseCheck.class.getName());

  private static final int TIMEOUT_SECONDS = 2;

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database");
    try (Connection connection = dataSource.getConnection()) {
      return response.status(connection.isValid(TIMEOUT_SECONDS)).build();
    } catch (SQLException e) {
      // The message says what failed (refused, auth, unknown database): for the operator's log.
      LOG.log(Level.WARNING, "The database does not answer: {0}", e.getMessage());
      return response.down().withData("error", "the database does not answer").build();
    }
  }
}
