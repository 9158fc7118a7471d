package com.procurementcache.refresh.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** How one organization fared in one run: the per-organization line of the audit trail. */
@Entity
@Table(name = "refresh_outcomes")
public class RefreshOutcome {

  /** Every way an organization's refresh can end; none is ever dropped silently. */
  public static final Set<String> OUTCOMES =
      Set.of("refreshed", "skipped-fresh", "failed-validation", "failed-error", "timed-out");

  @EmbeddedId private Key key;

  @Column(nullable = false)
  private String outcome;

  @Column(name = "rows_written", nullable = false)
  private long rowsWritten;

  @Column(name = "duration_ms", nullable = false)
  private long durationMs;

  @Column(nullable = false)
  private int retries;

  @Column(name = "significant_changes", nullable = false, columnDefinition = "jsonb")
  @ColumnTransformer(write = "?::jsonb")
  private String significantChanges;

  private String error;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "ended_at", nullable = false)
  private Instant endedAt;

  protected RefreshOutcome() {}

  public RefreshOutcome(
      UUID runId,
      UUID organizationId,
      String outcome,
      long rowsWritten,
      int retries,
      String significantChangesJson,
      String error,
      Instant startedAt,
      Instant endedAt) {
    this.key = new Key(runId, organizationId);
    if (!OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException("an outcome is one of " + OUTCOMES);
    }
    if (rowsWritten < 0 || retries < 0) {
      throw new IllegalArgumentException("rows and retries are not negative");
    }
    this.outcome = outcome;
    this.rowsWritten = rowsWritten;
    this.retries = retries;
    this.significantChanges = significantChangesJson == null ? "[]" : significantChangesJson;
    this.error = error;
    this.startedAt = Objects.requireNonNull(startedAt, "an outcome has a start");
    this.endedAt = Objects.requireNonNull(endedAt, "an outcome has an end");
    if (endedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException("an outcome ends after it starts");
    }
    this.durationMs = endedAt.toEpochMilli() - startedAt.toEpochMilli();
  }

  public UUID runId() {
    return key.runId;
  }

  public UUID organizationId() {
    return key.organizationId;
  }

  public String outcome() {
    return outcome;
  }

  public long rowsWritten() {
    return rowsWritten;
  }

  public long durationMs() {
    return durationMs;
  }

  public int retries() {
    return retries;
  }

  public String error() {
    return error;
  }

  /** Run and organization. */
  @Embeddable
  public static class Key implements Serializable {

    @Column(name = "run_id", nullable = false)
    private UUID runId;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    protected Key() {}

    public Key(UUID runId, UUID organizationId) {
      this.runId = Objects.requireNonNull(runId, "an outcome belongs to a run");
      this.organizationId =
          Objects.requireNonNull(organizationId, "an outcome is of an organization");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k
          && runId.equals(k.runId)
          && organizationId.equals(k.organizationId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(runId, organizationId);
    }
  }
}
