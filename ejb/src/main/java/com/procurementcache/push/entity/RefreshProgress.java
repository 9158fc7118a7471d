package com.procurementcache.push.entity;

import com.procurementcache.refresh.control.RefreshStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * The refresh as one organization's subscribers see it (the {@code refresh_status} event).
 *
 * @param organizationId the organization the subscribers follow
 * @param state idle / updating / completed / error, of the latest run
 * @param organizationState this organization's place in that run
 * @param runId the latest run; null when none ever ran
 * @param organizationsDone how many organizations the run has finished (admins only)
 * @param organizationsTotal how many it will refresh (admins only)
 * @param at when this node saw the state
 */
public record RefreshProgress(
    UUID organizationId,
    RefreshStatus.State state,
    OrganizationState organizationState,
    UUID runId,
    int organizationsDone,
    int organizationsTotal,
    Instant at) {

  /** Where one organization stands in a run. */
  public enum OrganizationState {
    /** Not part of the run, or no run. */
    NONE,
    /** Waiting for its turn. */
    PENDING,
    /** Refreshed (or found fresh) in this run. */
    DONE,
    /** Failed in this run: its previous figures stay. */
    FAILED
  }
}
