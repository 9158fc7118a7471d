package com.procurementcache.organization.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A named record that belongs to one organization: the shape locations and suppliers share. Master
 * data is cached read-through and never part of the nightly refresh.
 */
@MappedSuperclass
public abstract class MasterData {

  @Id private UUID id;

  @Column(name = "organization_id", nullable = false, updatable = false)
  private UUID organizationId;

  @Column(nullable = false)
  private String name;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected MasterData() {}

  protected MasterData(UUID id, UUID organizationId, String name) {
    String kind = getClass().getSimpleName().toLowerCase(Locale.ROOT);
    this.id = Objects.requireNonNull(id, () -> "a " + kind + " needs an id");
    this.organizationId =
        Objects.requireNonNull(organizationId, () -> "a " + kind + " belongs to an organization");
    Objects.requireNonNull(name, () -> "a " + kind + " needs a name");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("a " + kind + " name has 1 to 200 characters");
    }
    this.name = name;
    this.createdAt = Instant.now();
    this.updatedAt = createdAt;
  }

  public UUID id() {
    return id;
  }

  public UUID organizationId() {
    return organizationId;
  }

  public String name() {
    return name;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
