package com.procurementcache.refresh.entity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A refresh run as the audit trail holds it: what started it, who holds or held its lease, its
 * progress and end, and how many organizations ended in each outcome.
 *
 * @param organizationIds the organizations asked for; empty when the run covers every active one
 */
public record RunReport(
    UUID id,
    LocalDate scheduledNight,
    String trigger,
    String requestedBy,
    boolean forced,
    List<UUID> organizationIds,
    String status,
    String phase,
    String leaseOwner,
    long fencingToken,
    Instant leaseExpiresAt,
    Instant startedAt,
    Instant heartbeatAt,
    Instant endedAt,
    int organizationsTotal,
    int organizationsDone,
    String error,
    Instant createdAt,
    Map<String, Integer> outcomes) {

  /** Every way an organization's refresh can end; none is ever dropped silently. */
  public static final List<String> OUTCOMES =
      List.of("refreshed", "skipped-fresh", "failed-validation", "failed-error", "timed-out");

  public boolean running() {
    return "running".equals(status);
  }

  /** Whether the run ended and every organization it covered was refreshed or fresh already. */
  public boolean succeeded() {
    return "completed".equals(status);
  }

  public Duration duration() {
    if (startedAt == null || endedAt == null) {
      return null;
    }
    return Duration.between(startedAt, endedAt);
  }

  public int count(String outcome) {
    return outcomes.getOrDefault(outcome, 0);
  }
}
