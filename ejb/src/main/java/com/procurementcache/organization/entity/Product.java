package com.procurementcache.organization.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.Objects;
import java.util.UUID;

/** A product an organization buys, in a category (for COGS) and a unit (kg, l, pcs, box). */
@Entity
@Table(name = "products")
public class Product extends MasterData {

  @Column(nullable = false)
  private String category;

  @Column(nullable = false)
  private String unit;

  protected Product() {}

  public Product(UUID id, UUID organizationId, String name, String category, String unit) {
    super(id, organizationId, name);
    this.category = Objects.requireNonNull(category, "a product needs a category");
    this.unit = Objects.requireNonNull(unit, "a product needs a unit");
  }

  public String category() {
    return category;
  }

  public String unit() {
    return unit;
  }
}
