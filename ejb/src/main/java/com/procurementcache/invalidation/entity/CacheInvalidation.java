package com.procurementcache.invalidation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The latest invalidation of one organization (the plan's {@code cache_invalidation_log}). Each
 * insert or update fires {@code pg_notify('nightly_update_complete', …)} in PostgreSQL.
 */
@Entity
@Table(name = "cache_invalidation_log")
public class CacheInvalidation {

  @Id
  @Column(name = "organization_id")
  private UUID organizationId;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "update_type", nullable = false)
  private String updateType;

  protected CacheInvalidation() {}

  public CacheInvalidation(UUID organizationId, Instant updatedAt, String updateType) {
    this.organizationId =
        Objects.requireNonNull(organizationId, "an invalidation is of an organization");
    record(updatedAt, updateType);
  }

  /** Records a newer invalidation of the same organization. */
  public void record(Instant updatedAt, String updateType) {
    this.updatedAt = Objects.requireNonNull(updatedAt, "an invalidation has a time");
    this.updateType = Objects.requireNonNull(updateType, "an invalidation has a type");
  }

  public UUID organizationId() {
    return organizationId;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public String updateType() {
    return updateType;
  }
}
