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
 * A supplier an organization buys from. Master data: cached read-through, not part of the nightly
 * refresh.
 */
@Entity
@Table(name = "suppliers")
@NamedQuery(
    name = Supplier.OF_ORGANIZATION,
    query = "SELECT x FROM Supplier x WHERE x.organizationId = :organizationId ORDER BY x.name")
public class Supplier {

  public static final String OF_ORGANIZATION = "Supplier.ofOrganization";

  @Id private UUID id;

  @Column(name = "organization_id", nullable = false, updatable = false)
  private UUID organizationId;

  @Column(nullable = false)
  private String name;

  private String email;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Supplier() {}

  public Supplier(UUID id, UUID organizationId, String name, String email) {
    this.id = Objects.requireNonNull(id, "a supplier needs an id");
    this.organizationId =
        Objects.requireNonNull(organizationId, "a supplier belongs to an organization");
    this.name = Objects.requireNonNull(name, "a supplier needs a name");
    this.email = email;
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

  public String email() {
    return email;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
