package com.procurementcache.schema.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Whether PostgreSQL answers through the pool, within a bound: taking a connection (the pool's
 * wait, a new connection's connect and login timeouts, its validation) and asking it may each block
 * on a hung or unreachable database, and none of them heeds an interrupt. So the probe runs on
 * another thread and its caller stops waiting after {@link #TIMEOUT_MILLIS} (MicroProfile Fault
 * Tolerance); one probe at a time, so that probes stuck on a black-holed connection do not pile up.
 */
@ApplicationScoped
public class DatabaseProbe {

  /** How long a caller waits for an answer. */
  public static final long TIMEOUT_MILLIS = 3_000;

  /** How long PostgreSQL has to answer on a connection taken from the pool. */
  private static final int VALID_SECONDS = 2;

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  /**
   * Completes with whether PostgreSQL answers; exceptionally with the driver's failure, a {@code
   * TimeoutException} after {@link #TIMEOUT_MILLIS}, or a {@code BulkheadException} while an
   * earlier probe still waits.
   */
  @Asynchronous
  @Timeout(TIMEOUT_MILLIS)
  @Bulkhead(value = 1, waitingTaskQueue = 1)
  public CompletionStage<Boolean> answers() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return CompletableFuture.completedFuture(connection.isValid(VALID_SECONDS));
    }
  }
}
