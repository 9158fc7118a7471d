package com.procurementcache.refresh.entity;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How one organization fared in one run. Made by the factory of its outcome ({@link #refreshed},
 * {@link #skipped}, {@link #failedValidation}, {@link #failedError}, {@link #timedOut}) or read
 * back from the audit trail.
 *
 * @param significantChanges the changes above the threshold, as the JSON array stored
 * @param error why it failed, or the warning of figures published despite a failed validation
 */
public record OrganizationOutcome(
    UUID runId,
    UUID organizationId,
    Outcome outcome,
    long rowsWritten,
    long durationMs,
    int retries,
    String significantChanges,
    String error,
    Instant startedAt,
    Instant endedAt) {

  private static final String NO_CHANGES = "[]";

  public OrganizationOutcome {
    Objects.requireNonNull(runId, "an outcome belongs to a run");
    Objects.requireNonNull(organizationId, "an outcome is an organization's");
    Objects.requireNonNull(outcome, "an outcome says how it ended");
    significantChanges = significantChanges == null ? NO_CHANGES : significantChanges;
  }

  /**
   * When an organization's refresh ran: from the first attempt's start to its end, and how long
   * that took by the monotonic clock (the wall clock may jump).
   */
  public record Timing(Instant startedAt, Instant endedAt, long durationMs) {
    public Timing {
      Objects.requireNonNull(startedAt, "a start");
      Objects.requireNonNull(endedAt, "an end");
    }
  }

  /** Recomputed and published; {@code warning} when published despite a failed validation. */
  public static OrganizationOutcome refreshed(
      UUID runId,
      UUID organizationId,
      int retries,
      Timing timing,
      long rowsWritten,
      List<SignificantChange> changes,
      String warning) {
    return new OrganizationOutcome(
        runId,
        organizationId,
        Outcome.REFRESHED,
        rowsWritten,
        timing.durationMs(),
        retries,
        json(changes),
        warning,
        timing.startedAt(),
        timing.endedAt());
  }

  /** Left alone: refreshed recently and its source unchanged since. */
  public static OrganizationOutcome skipped(
      UUID runId, UUID organizationId, int retries, Timing timing) {
    return ended(runId, organizationId, Outcome.SKIPPED_FRESH, retries, timing, null);
  }

  /** Its new figures failed validation and were rolled back. */
  public static OrganizationOutcome failedValidation(
      UUID runId, UUID organizationId, int retries, Timing timing, String why) {
    return ended(runId, organizationId, Outcome.FAILED_VALIDATION, retries, timing, why);
  }

  /** Its refresh kept failing until the retries or the time ran out. */
  public static OrganizationOutcome failedError(
      UUID runId, UUID organizationId, int retries, Timing timing, String why) {
    return ended(runId, organizationId, Outcome.FAILED_ERROR, retries, timing, why);
  }

  /** Not reached within the run's timeout: recorded {@code at} the end of the run. */
  public static OrganizationOutcome timedOut(UUID runId, UUID organizationId, Instant at) {
    return ended(
        runId,
        organizationId,
        Outcome.TIMED_OUT,
        0,
        new Timing(at, at, 0),
        "not reached within the run's timeout");
  }

  private static OrganizationOutcome ended(
      UUID runId, UUID organizationId, Outcome outcome, int retries, Timing timing, String error) {
    return new OrganizationOutcome(
        runId,
        organizationId,
        outcome,
        0,
        timing.durationMs(),
        retries,
        NO_CHANGES,
        error,
        timing.startedAt(),
        timing.endedAt());
  }

  /** The same outcome over another span (e.g. every attempt, where this was the last one). */
  public OrganizationOutcome over(Timing timing) {
    return new OrganizationOutcome(
        runId,
        organizationId,
        outcome,
        rowsWritten,
        timing.durationMs(),
        retries,
        significantChanges,
        error,
        timing.startedAt(),
        timing.endedAt());
  }

  /**
   * The significant changes as JSON: an array of {@code {"figure", "previous", "current",
   * "change_ratio"}}, empty when none (the audit trail's and the run-summary webhook's format).
   */
  public JsonArray significantChangesJson() {
    try (JsonReader reader = Json.createReader(new StringReader(significantChanges))) {
      return reader.readArray();
    }
  }

  /** The changes as the audit trail stores them. */
  static String json(List<SignificantChange> changes) {
    return SignificantChange.toJson(changes);
  }
}
