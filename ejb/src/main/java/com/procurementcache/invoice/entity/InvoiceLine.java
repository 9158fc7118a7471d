package com.procurementcache.invoice.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.UUID;

/** One product on an invoice: quantity times unit price, rounded to cents, is the amount. */
@Entity
@Table(name = "invoice_lines")
public class InvoiceLine {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "invoice_id", nullable = false, updatable = false)
  private UUID invoiceId;

  @Column(name = "organization_id", nullable = false, updatable = false)
  private UUID organizationId;

  @Column(name = "line_number", nullable = false)
  private int lineNumber;

  @Column(name = "product_id", nullable = false)
  private UUID productId;

  @Column(nullable = false, precision = 12, scale = 3)
  private BigDecimal quantity;

  @Column(name = "unit_price", nullable = false, precision = 12, scale = 4)
  private BigDecimal unitPrice;

  @Column(nullable = false, precision = 14, scale = 2)
  private BigDecimal amount;

  protected InvoiceLine() {}

  public InvoiceLine(
      UUID invoiceId,
      UUID organizationId,
      int lineNumber,
      UUID productId,
      BigDecimal quantity,
      BigDecimal unitPrice) {
    this.invoiceId = Objects.requireNonNull(invoiceId, "a line belongs to an invoice");
    this.organizationId =
        Objects.requireNonNull(organizationId, "a line belongs to an organization");
    if (lineNumber < 1) {
      throw new IllegalArgumentException("line numbers start at 1");
    }
    this.lineNumber = lineNumber;
    this.productId = Objects.requireNonNull(productId, "a line names a product");
    if (quantity == null || quantity.signum() <= 0) {
      throw new IllegalArgumentException("a line's quantity is positive");
    }
    if (unitPrice == null || unitPrice.signum() < 0) {
      throw new IllegalArgumentException("a line's unit price is not negative");
    }
    this.quantity = quantity;
    this.unitPrice = unitPrice;
    this.amount = quantity.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
  }

  public UUID invoiceId() {
    return invoiceId;
  }

  public UUID productId() {
    return productId;
  }

  public BigDecimal quantity() {
    return quantity;
  }

  public BigDecimal unitPrice() {
    return unitPrice;
  }

  public BigDecimal amount() {
    return amount;
  }
}
