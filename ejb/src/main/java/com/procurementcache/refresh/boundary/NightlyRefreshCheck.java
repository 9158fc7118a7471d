package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.control.RefreshStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code nightly-refresh}: DOWN when the last completed refresh is older than {@code
 * refresh.staleness-limit} (or there was none yet). Deliberately neither liveness nor readiness
 * (docs/adr/0003): staleness is the same on every node, so as a readiness check it would take the
 * whole cluster out of rotation at once — although the cache still serves the last good figures —
 * and as a liveness check it would restart every node, which fixes nothing. It is reported under
 * {@code /health} and {@code /health/started}, for monitoring to alert on. Those are public: they
 * tell the state and its times, not which run or how far it is (that is for admins, {@code
 * /api/v1/refresh/runs}), nor an error's text (that goes to the log).
 */
@Startup
@ApplicationScoped
public class NightlyRefreshCheck implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(NightlyRefreshCheck.class.getName());

  @Inject RefreshAudit audit;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("nightly-refresh");
    try {
      RefreshStatus status = audit.status();
      response
          .status(!status.overdue())
          .withData("state", status.state().wireName())
          .withData("lastSuccess", String.valueOf(status.lastSuccess()))
          .withData(
              "hoursSinceLastSuccess",
              status.hoursSinceLastSuccess() == null
                  ? "none"
                  : String.format("%.2f", status.hoursSinceLastSuccess()))
          .withData("nextScheduled", status.nextScheduled().toString());
      return response.build();
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "The refresh status cannot be read", e);
      return response.down().withData("error", "the refresh status cannot be read").build();
    }
  }
}
