package com.procurementcache.it;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * The refresh runs of the suite's database. The first node of the suite finds the database never
 * refreshed and refreshes every active organization at once (a catch-up run); tests that publish
 * analytics of their own wait for that run first, so that it cannot overwrite or evict theirs.
 */
public final class RefreshLedger {

  private RefreshLedger() {}

  /** Waits until tonight's scheduled run (or its catch-up) exists and no run is in progress. */
  public static void awaitNightlyRunDone() {
    await("the night's refresh run of the suite's database")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(RefreshLedger::nightlyRunDone);
  }

  /** Waits until the run has ended (whichever node ends it); returns its status. */
  public static String awaitFinished(UUID run, Duration timeout) {
    return await("the end of refresh run " + run)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> status(run), s -> !s.equals("pending") && !s.equals("running"));
  }

  private static String status(UUID run) throws SQLException {
    try (Connection connection = TestEnvironment.database().connect();
        PreparedStatement s =
            connection.prepareStatement("SELECT status FROM refresh_runs WHERE id = ?")) {
      s.setObject(1, run);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : "pending";
      }
    }
  }

  private static boolean nightlyRunDone() throws SQLException {
    try (Connection connection = TestEnvironment.database().connect();
        Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE scheduled_night IS NOT NULL),"
                    + " count(*) FILTER (WHERE status IN ('pending', 'running'))"
                    + " FROM refresh_runs")) {
      rs.next();
      return rs.getLong(1) > 0 && rs.getLong(2) == 0;
    }
  }
}
