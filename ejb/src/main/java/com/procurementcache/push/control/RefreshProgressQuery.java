package com.procurementcache.push.control;

import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.push.entity.RefreshProgress.OrganizationState;
import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.refresh.control.RunHistory;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunMembership;
import com.procurementcache.refresh.entity.RunReport;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The refresh as each organization's subscribers see it, read from the audit trail that every node
 * shares, whichever node runs the run: two queries however many organizations are asked about (the
 * run shown, and those organizations' places in it).
 */
public class RefreshProgressQuery {

  private final RunHistory history;

  public RefreshProgressQuery(RunHistory history) {
    this.history = Objects.requireNonNull(history, "the audit trail");
  }

  /** The progress of each of {@code organizations}, as seen {@code at}. */
  public Map<UUID, RefreshProgress> of(Set<UUID> organizations, Instant at) throws SQLException {
    if (organizations.isEmpty()) {
      return Map.of();
    }
    Optional<RunReport> run = history.shown();
    Map<UUID, RunMembership> memberships = new HashMap<>();
    if (run.isPresent()) {
      for (RunMembership m : history.memberships(run.get().id(), organizations)) {
        memberships.put(m.organizationId(), m);
      }
    }
    Map<UUID, RefreshProgress> progress = new HashMap<>();
    for (UUID organization : organizations) {
      progress.put(
          organization,
          progress(organization, run, Optional.ofNullable(memberships.get(organization)), at));
    }
    return progress;
  }

  /**
   * One organization's view of the run it is shown. Its place: its outcome once it has one; pending
   * while the run is under way and covers it; none otherwise (not covered, an unknown organization,
   * a run that ended without reaching it, or no run).
   */
  static RefreshProgress progress(
      UUID organization, Optional<RunReport> run, Optional<RunMembership> membership, Instant at) {
    RefreshStatus.State state = RefreshStatus.State.of(run);
    if (run.isEmpty()) {
      return new RefreshProgress(organization, state, OrganizationState.NONE, null, 0, 0, at);
    }
    RunReport r = run.get();
    OrganizationState place =
        membership
            .flatMap(RunMembership::ended)
            .map(RefreshProgressQuery::place)
            .orElse(
                r.running() && membership.map(RunMembership::covered).orElse(false)
                    ? OrganizationState.PENDING
                    : OrganizationState.NONE);
    return new RefreshProgress(
        organization, state, place, r.id(), r.organizationsDone(), r.organizationsTotal(), at);
  }

  /** Found fresh counts as done; not reached in time as failed: its previous figures stay. */
  static OrganizationState place(Outcome outcome) {
    return switch (outcome) {
      case REFRESHED, SKIPPED_FRESH -> OrganizationState.DONE;
      case FAILED_VALIDATION, FAILED_ERROR, TIMED_OUT -> OrganizationState.FAILED;
    };
  }
}
