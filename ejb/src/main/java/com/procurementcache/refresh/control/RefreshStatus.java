package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The refresh as a user sees it: the plan's idle / updating / completed / error, with progress
 * while it runs, the last success and the next scheduled time.
 *
 * @param state idle (never ran), updating, completed (the latest run completed) or error
 */
public record RefreshStatus(
    String state,
    UUID runId,
    String phase,
    int organizationsDone,
    int organizationsTotal,
    Instant lastSuccess,
    Double hoursSinceLastSuccess,
    Instant nextScheduled,
    String lastRunStatus,
    String lastRunError,
    boolean overdue) {

  public static RefreshStatus of(
      Optional<RunReport> running,
      Optional<RunReport> latest,
      Optional<RunReport> lastSuccess,
      Instant nextScheduled,
      Instant now,
      Duration stalenessLimit) {
    Instant success = lastSuccess.map(RunReport::endedAt).orElse(null);
    Double hours = success == null ? null : Duration.between(success, now).toSeconds() / 3600.0;
    boolean overdue =
        success == null || Duration.between(success, now).compareTo(stalenessLimit) > 0;
    if (running.isPresent()) {
      RunReport r = running.get();
      return new RefreshStatus(
          "updating",
          r.id(),
          r.phase(),
          r.organizationsDone(),
          r.organizationsTotal(),
          success,
          hours,
          nextScheduled,
          r.status(),
          null,
          overdue);
    }
    if (latest.isEmpty()) {
      return new RefreshStatus(
          "idle", null, null, 0, 0, null, null, nextScheduled, null, null, overdue);
    }
    RunReport r = latest.get();
    return new RefreshStatus(
        r.succeeded() ? "completed" : "error",
        r.id(),
        r.phase(),
        r.organizationsDone(),
        r.organizationsTotal(),
        success,
        hours,
        nextScheduled,
        r.status(),
        r.error(),
        overdue);
  }
}
