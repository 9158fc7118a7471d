package com.procurementcache.refresh.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One refresh run: what started it, which node holds its lease, how far it is, how it ended. A
 * scheduled run names its night, and the night is unique: one run per night per cluster.
 */
@Entity
@Table(name = "refresh_runs")
@NamedQuery(
    name = RefreshRun.LATEST,
    query = "SELECT r FROM RefreshRun r ORDER BY r.createdAt DESC")
public class RefreshRun {

  public static final String LATEST = "RefreshRun.latest";

  /** What may start a run. */
  public static final Set<String> TRIGGERS = Set.of("schedule", "catch-up", "api", "jmx");

  @Id private UUID id;

  @Column(name = "scheduled_night", updatable = false)
  private LocalDate scheduledNight;

  @Column(nullable = false, updatable = false)
  private String trigger;

  @Column(name = "requested_by", updatable = false)
  private String requestedBy;

  @Column(nullable = false, updatable = false)
  private boolean forced;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "organization_ids", updatable = false, columnDefinition = "uuid[]")
  private UUID[] organizationIds;

  @Column(nullable = false)
  private String status;

  private String phase;

  @Column(name = "lease_owner")
  private String leaseOwner;

  @Column(name = "lease_expires_at")
  private Instant leaseExpiresAt;

  @Column(name = "fencing_token", nullable = false)
  private long fencingToken;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "heartbeat_at")
  private Instant heartbeatAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  @Column(name = "organizations_total", nullable = false)
  private int organizationsTotal;

  @Column(name = "organizations_done", nullable = false)
  private int organizationsDone;

  private String error;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  protected RefreshRun() {}

  /** A run waiting to be claimed; {@code organizationIds} null means every active one. */
  public RefreshRun(
      UUID id,
      LocalDate scheduledNight,
      String trigger,
      String requestedBy,
      boolean forced,
      UUID[] organizationIds) {
    this.id = Objects.requireNonNull(id, "a run needs an id");
    if (!TRIGGERS.contains(trigger)) {
      throw new IllegalArgumentException("a run's trigger is one of " + TRIGGERS);
    }
    if ("schedule".equals(trigger) && scheduledNight == null) {
      throw new IllegalArgumentException("a scheduled run names its night");
    }
    this.scheduledNight = scheduledNight;
    this.trigger = trigger;
    this.requestedBy = requestedBy;
    this.forced = forced;
    this.organizationIds = organizationIds == null ? null : organizationIds.clone();
    this.status = "pending";
    this.createdAt = Instant.now();
  }

  public UUID id() {
    return id;
  }

  public LocalDate scheduledNight() {
    return scheduledNight;
  }

  public String trigger() {
    return trigger;
  }

  /** The organizations asked for; empty when the run covers every active organization. */
  public Optional<List<UUID>> organizationIds() {
    return organizationIds == null ? Optional.empty() : Optional.of(List.of(organizationIds));
  }

  public boolean forced() {
    return forced;
  }

  public String status() {
    return status;
  }

  public String phase() {
    return phase;
  }

  public String leaseOwner() {
    return leaseOwner;
  }

  public long fencingToken() {
    return fencingToken;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant endedAt() {
    return endedAt;
  }

  public int organizationsTotal() {
    return organizationsTotal;
  }

  public int organizationsDone() {
    return organizationsDone;
  }

  public String error() {
    return error;
  }
}
