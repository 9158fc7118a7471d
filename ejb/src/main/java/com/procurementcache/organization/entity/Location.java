package com.procurementcache.organization.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A place of an organization where goods are delivered and used. Master data: cached read-through,
 * not part of the nightly refresh.
 */
@Entity
@Table(name = "locations")
@NamedQuery(
    name = Location.OF_ORGANIZATION,
    query = "SELECT x FROM Location x WHERE x.organizationId = :organizationId ORDER BY x.name")
public class Location {

  public static final String OF_ORGANIZATION = "Location.ofOrganization";

  @Id private UUID id;

  @Column(name = "organization_id", nullable = false, updatable = false)
  private UUID organizationId;

  @Column(nullable = false)
  private String name;

  private String city;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Location() {}

  public Location(UUID id, UUID organizationId, String name, String city) {
    this.id = Objects.requireNonNull(id, "a location needs an id");
    this.organizationId =
        Objects.requireNonNull(organizationId, "a location belongs to an organization");
    this.name = Objects.requireNonNull(name, "a location needs a name");
    this.city = city;
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

  public String city() {
    return city;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
