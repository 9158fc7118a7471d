package com.procurementcache.refresh.entity;

import com.procurementcache.analytics.entity.DataType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * CDI event: an organization's nightly data was recomputed and published. Fired inside the
 * organization's refresh transaction; observe it with {@code @Observes(during =
 * TransactionPhase.AFTER_SUCCESS)} so that a rolled-back refresh never evicts or broadcasts.
 *
 * @param reason {@code nightly_refresh} (schedule, catch-up) or {@code manual} (API, JMX)
 */
public record OrganizationRefreshed(
    UUID organizationId,
    long version,
    Instant refreshedAt,
    String reason,
    UUID runId,
    Set<DataType> dataTypes,
    List<SignificantChange> significantChanges) {

  public OrganizationRefreshed {
    Objects.requireNonNull(organizationId, "an event names its organization");
    Objects.requireNonNull(refreshedAt, "an event says when");
    Objects.requireNonNull(reason, "an event says why");
    dataTypes = Set.copyOf(dataTypes);
    significantChanges = List.copyOf(significantChanges);
  }
}
