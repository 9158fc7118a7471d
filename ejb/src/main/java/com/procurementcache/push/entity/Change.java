package com.procurementcache.push.entity;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.refresh.entity.SignificantChange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One row of the change log: the {@code version}-th change of an organization's data.
 *
 * @param organizationId whose data changed
 * @param version the organization's change version: 1, 2, 3, … without gaps
 * @param reason why
 * @param dataTypes the data types whose cached answers the change made old
 * @param sourceChanged whether the source tables changed (a write by another system) — nightly data
 *     then stays the last snapshot until the next refresh
 * @param significantChanges the key figures a refresh moved by more than the threshold
 * @param runId the refresh run that made the change; null for other reasons
 * @param refreshedAt when the refreshed figures were computed; null for other reasons
 * @param changedAt when the change was written (just before its commit)
 */
public record Change(
    UUID organizationId,
    long version,
    ChangeReason reason,
    Set<DataType> dataTypes,
    boolean sourceChanged,
    List<SignificantChange> significantChanges,
    UUID runId,
    Instant refreshedAt,
    Instant changedAt) {

  public Change {
    Objects.requireNonNull(organizationId, "a change belongs to an organization");
    Objects.requireNonNull(reason, "a change has a reason");
    Objects.requireNonNull(changedAt, "a change says when it was written");
    if (version < 1) {
      throw new IllegalArgumentException("change versions start at 1: " + version);
    }
    dataTypes = Set.copyOf(dataTypes);
    significantChanges = List.copyOf(significantChanges);
  }
}
