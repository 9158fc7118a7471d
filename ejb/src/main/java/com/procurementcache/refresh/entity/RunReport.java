package com.procurementcache.refresh.entity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A refresh run as the audit trail holds it: what started it, who holds or held its lease, its
 * progress and end, and how many organizations ended in each outcome.
 *
 * @param organizationIds the organizations asked for; empty when the run covers every active one
 * @param outcomes the count of each outcome by its wire name, every outcome present
 */
public record RunReport(
    UUID id,
    LocalDate scheduledNight,
    RunTrigger trigger,
    String requestedBy,
    boolean forced,
    List<UUID> organizationIds,
    RunStatus status,
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

  /** Outcome counts keyed by wire name, every outcome present (absent ones as 0). */
  public static Map<String, Integer> counts(Map<Outcome, Integer> counted) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Outcome o : Outcome.values()) {
      counts.put(o.wireName(), counted.getOrDefault(o, 0));
    }
    return counts;
  }

  public boolean running() {
    return status == RunStatus.RUNNING;
  }

  /** Whether the run ended and every organization it covered was refreshed or fresh already. */
  public boolean succeeded() {
    return status == RunStatus.COMPLETED;
  }

  public Duration duration() {
    if (startedAt == null || endedAt == null) {
      return null;
    }
    return Duration.between(startedAt, endedAt);
  }

  public int count(Outcome outcome) {
    return outcomes.getOrDefault(outcome.wireName(), 0);
  }

  /** How many organizations failed (validation or error). */
  public int failures() {
    int failures = 0;
    for (Outcome o : Outcome.values()) {
      failures += o.failure() ? count(o) : 0;
    }
    return failures;
  }
}
