package com.procurementcache.invoice.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An invoice of one supplier to one location of an organization. Its total equals the sum of its
 * lines' amounts; the refresh validates that before it publishes figures.
 */
@Entity
@Table(name = "invoices")
public class Invoice {

  /** The states the schema allows; only non-void invoices count as spend. */
  public static final Set<String> STATUSES = Set.of("draft", "approved", "paid", "void");

  @Id private UUID id;

  @Column(name = "organization_id", nullable = false, updatable = false)
  private UUID organizationId;

  @Column(name = "supplier_id", nullable = false)
  private UUID supplierId;

  @Column(name = "location_id", nullable = false)
  private UUID locationId;

  @Column(name = "invoice_number", nullable = false)
  private String invoiceNumber;

  @Column(name = "invoice_date", nullable = false)
  private LocalDate invoiceDate;

  @Column(nullable = false)
  private String status;

  @Column(name = "total_amount", nullable = false, precision = 14, scale = 2)
  private BigDecimal totalAmount;

  @Column(nullable = false, length = 3, columnDefinition = "bpchar(3)")
  private String currency;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Invoice() {}

  public Invoice(
      UUID id,
      UUID organizationId,
      UUID supplierId,
      UUID locationId,
      String invoiceNumber,
      LocalDate invoiceDate,
      String status,
      BigDecimal totalAmount) {
    this.id = Objects.requireNonNull(id, "an invoice needs an id");
    this.organizationId =
        Objects.requireNonNull(organizationId, "an invoice belongs to an organization");
    this.supplierId = Objects.requireNonNull(supplierId, "an invoice comes from a supplier");
    this.locationId = Objects.requireNonNull(locationId, "an invoice goes to a location");
    this.invoiceNumber = Objects.requireNonNull(invoiceNumber, "an invoice has a number");
    this.invoiceDate = Objects.requireNonNull(invoiceDate, "an invoice has a date");
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("invoice status must be one of " + STATUSES);
    }
    this.status = status;
    this.totalAmount = Objects.requireNonNull(totalAmount, "an invoice has a total");
    this.currency = "DKK";
    this.createdAt = Instant.now();
    this.updatedAt = createdAt;
  }

  public UUID id() {
    return id;
  }

  public UUID organizationId() {
    return organizationId;
  }

  public String invoiceNumber() {
    return invoiceNumber;
  }

  public LocalDate invoiceDate() {
    return invoiceDate;
  }

  public String status() {
    return status;
  }

  public BigDecimal totalAmount() {
    return totalAmount;
  }
}
