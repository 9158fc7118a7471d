package com.procurementcache.organization.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A tenant: a restaurant group or shop with its locations, suppliers and products. */
@Entity
@Table(name = "organizations")
@NamedQuery(name = Organization.ALL, query = "SELECT o FROM Organization o ORDER BY o.name")
@NamedQuery(
    name = Organization.ACTIVE,
    query = "SELECT o FROM Organization o WHERE o.status = :status ORDER BY o.name")
public class Organization {

  public static final String ALL = "Organization.all";
  public static final String ACTIVE = "Organization.byStatus";

  @Id private UUID id;

  @Column(nullable = false)
  private String name;

  @Convert(converter = OrganizationStatusConverter.class)
  @Column(nullable = false)
  private OrganizationStatus status;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Organization() {}

  public Organization(UUID id, String name, OrganizationStatus status) {
    this.id = Objects.requireNonNull(id, "an organization needs an id");
    this.name = requireName(name);
    this.status = Objects.requireNonNull(status, "an organization needs a status");
    this.createdAt = Instant.now();
    this.updatedAt = createdAt;
  }

  private static String requireName(String name) {
    Objects.requireNonNull(name, "an organization needs a name");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("an organization name has 1 to 200 characters");
    }
    return name;
  }

  public UUID id() {
    return id;
  }

  public String name() {
    return name;
  }

  public OrganizationStatus status() {
    return status;
  }

  public boolean isActive() {
    return status == OrganizationStatus.ACTIVE;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
