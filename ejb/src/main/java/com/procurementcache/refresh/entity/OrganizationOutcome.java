package com.procurementcache.refresh.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * How one organization fared in one run.
 *
 * @param significantChanges the changes above the threshold, as the JSON array stored
 */
public record OrganizationOutcome(
    UUID runId,
    UUID organizationId,
    String outcome,
    long rowsWritten,
    long durationMs,
    int retries,
    String significantChanges,
    String error,
    Instant startedAt,
    Instant endedAt) {}
