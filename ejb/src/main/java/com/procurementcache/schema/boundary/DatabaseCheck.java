package com.procurementcache.schema.boundary;

import com.procurementcache.schema.control.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while PostgreSQL answers, within a few seconds ({@link DatabaseProbe}): without it no
 * figure can be served or refreshed. Nothing is kept between probes, so the node is ready again by
 * itself at the first probe after the database returns. The probe is public: it says UP or DOWN in
 * neutral words; the driver's message (host, user, database) goes to the log only.
 */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(DatabaseCheck.class.getName());

  @Inject DatabaseProbe probe;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database");
    try {
      return response.status(probe.answers().toCompletableFuture().get()).build();
    } catch (ExecutionException e) {
      // The message says what failed (refused, auth, unknown database, no answer in time): for
      // the operator's log.
      LOG.log(Level.WARNING, "The database does not answer: {0}", e.getCause().toString());
      return down(response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down(response);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "The database does not answer: {0}", e.toString());
      return down(response);
    }
  }

  private static HealthCheckResponse down(HealthCheckResponseBuilder response) {
    return response.down().withData("error", "the database does not answer").build();
  }
}
