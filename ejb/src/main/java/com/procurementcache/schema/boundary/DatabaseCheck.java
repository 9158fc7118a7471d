package com.procurementcache.schema.boundary;

import com.procurementcache.schema.control.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while PostgreSQL answers, within a few seconds ({@link DatabaseProbe}): without it no
 * figure can be served or refreshed. Checks that arrive while a probe is under way share its answer
 * (the probe runs one at a time), so concurrent readiness requests never see a refused probe as a
 * database that does not answer. No answer is kept after its probe ends, so the node is ready again
 * by itself at the first probe after the database returns. The probe is public: it says UP or DOWN
 * in neutral words; the driver's message (host, user, database) goes to the log only.
 */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(DatabaseCheck.class.getName());

  @Inject DatabaseProbe probe;

  private final AtomicReference<CompletableFuture<Boolean>> underWay = new AtomicReference<>();

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database");
    try {
      return response.status(probeUnderWay().get()).build();
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

  /** The probe under way, or a new one when none is. */
  private CompletableFuture<Boolean> probeUnderWay() {
    while (true) {
      CompletableFuture<Boolean> running = underWay.get();
      if (running != null && !running.isDone()) {
        return running;
      }
      CompletableFuture<Boolean> mine = new CompletableFuture<>();
      if (underWay.compareAndSet(running, mine)) {
        try {
          probe
              .answers()
              .whenComplete(
                  (answers, failure) -> {
                    if (failure == null) {
                      mine.complete(answers);
                    } else {
                      mine.completeExceptionally(failure);
                    }
                  });
        } catch (SQLException | RuntimeException e) {
          mine.completeExceptionally(e);
        }
        return mine;
      }
    }
  }

  private static HealthCheckResponse down(HealthCheckResponseBuilder response) {
    return response.down().withData("error", "the database does not answer").build();
  }
}
