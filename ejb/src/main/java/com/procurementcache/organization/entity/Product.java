package com.procurementcache.organization.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A product an organization buys, in a category (for COGS) and a unit (kg, l, pcs, box). */
@Entity
@Table(name = "products")
public class Product {

  @Id private UUID id;

  @Column(name = "organization_id", nullable = false, updatable = false)
  private UUID organizationId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String category;

  @Column(nullable = false)
  private String unit;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Product() {}

  public Product(UUID id, UUID organizationId, String name, String category, String unit) {
    this.id = Objects.requireNonNull(id, "a product needs an id");
    this.organizationId =
        Objects.requireNonNull(organizationId, "a product belongs to an organization");
    this.name = Objects.requireNonNull(name, "a product needs a name");
    this.category = Objects.requireNonNull(category, "a product needs a category");
    this.unit = Objects.requireNonNull(unit, "a product needs a unit");
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

  public String category() {
    return category;
  }

  public String unit() {
    return unit;
  }
}
