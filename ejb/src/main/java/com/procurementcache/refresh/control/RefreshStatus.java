package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.schema.entity.StoredName;
import com.procurementcache.schema.entity.StoredNameJson;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The refresh as a user sees it: the plan's idle / updating / completed / error, with progress
 * while it runs, the last success and the next scheduled time, and the zone the schedule is read in
 * ({@code refresh.zone}: a dashboard says "next update 02:00 Europe/Copenhagen").
 */
public record RefreshStatus(
    State state,
    UUID runId,
    String phase,
    int organizationsDone,
    int organizationsTotal,
    Instant lastSuccess,
    Double hoursSinceLastSuccess,
    Instant nextScheduled,
    String zone,
    RunStatus lastRunStatus,
    String lastRunError,
    boolean overdue) {

  /** The plan's states; the wire name (API, health, JMX) is the constant's name in lower case. */
  @JsonbTypeAdapter(State.Json.class)
  public enum State implements StoredName {
    /** No run ever started. */
    IDLE,
    /** A run is in progress. */
    UPDATING,
    /** The latest run completed. */
    COMPLETED,
    /** The latest run did not complete (errors, timeout). */
    ERROR;

    /**
     * The state of the run a user is shown: the one under way if any, else the latest that started
     * or ended; none means no run ever started.
     */
    public static State of(Optional<RunReport> shown) {
      if (shown.isEmpty()) {
        return IDLE;
      }
      RunReport run = shown.get();
      return run.running() ? UPDATING : run.succeeded() ? COMPLETED : ERROR;
    }

    @Override
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** JSON-B writes and reads the wire name. */
    public static final class Json extends StoredNameJson<State> {
      public Json() {
        super(State.class);
      }
    }
  }

  public static RefreshStatus of(
      Optional<RunReport> running,
      Optional<RunReport> latest,
      Optional<RunReport> lastSuccess,
      Instant nextScheduled,
      ZoneId zone,
      Instant now,
      Duration stalenessLimit) {
    Instant success = lastSuccess.map(RunReport::endedAt).orElse(null);
    Double hours = success == null ? null : Duration.between(success, now).toSeconds() / 3600.0;
    boolean overdue =
        success == null || Duration.between(success, now).compareTo(stalenessLimit) > 0;
    // A run under way is shown rather than the last one that ended; it has no error yet.
    Optional<RunReport> shown = running.isPresent() ? running : latest;
    State state = State.of(shown);
    if (shown.isEmpty()) {
      return new RefreshStatus(
          state, null, null, 0, 0, null, null, nextScheduled, zone.getId(), null, null, overdue);
    }
    RunReport r = shown.get();
    boolean updating = state == State.UPDATING;
    return new RefreshStatus(
        state,
        r.id(),
        r.phase(),
        r.organizationsDone(),
        r.organizationsTotal(),
        success,
        hours,
        nextScheduled,
        zone.getId(),
        r.status(),
        updating ? null : r.error(),
        overdue);
  }
}
