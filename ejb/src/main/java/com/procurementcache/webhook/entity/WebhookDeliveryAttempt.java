package com.procurementcache.webhook.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One try to deliver a webhook: the ledger keeps every one, answered or not. */
@Entity
@Table(name = "webhook_delivery_attempts")
public class WebhookDeliveryAttempt {

  @EmbeddedId private Key key;

  @Column(name = "attempted_at", nullable = false)
  private Instant attemptedAt;

  @Column(name = "status_code")
  private Integer statusCode;

  private String error;

  @Column(name = "duration_ms", nullable = false)
  private long durationMs;

  protected WebhookDeliveryAttempt() {}

  public WebhookDeliveryAttempt(
      UUID deliveryId,
      int attempt,
      Instant attemptedAt,
      Integer statusCode,
      String error,
      long durationMs) {
    this.key = new Key(deliveryId, attempt);
    this.attemptedAt = Objects.requireNonNull(attemptedAt, "an attempt has a time");
    this.statusCode = statusCode;
    this.error = error;
    if (durationMs < 0) {
      throw new IllegalArgumentException("an attempt's duration is not negative");
    }
    this.durationMs = durationMs;
  }

  public Integer statusCode() {
    return statusCode;
  }

  public String error() {
    return error;
  }

  /** Delivery and attempt number (from 1). */
  @Embeddable
  public static class Key implements Serializable {

    @Column(name = "delivery_id", nullable = false)
    private UUID deliveryId;

    @Column(nullable = false)
    private int attempt;

    protected Key() {}

    public Key(UUID deliveryId, int attempt) {
      this.deliveryId = Objects.requireNonNull(deliveryId, "an attempt belongs to a delivery");
      if (attempt < 1) {
        throw new IllegalArgumentException("attempts are numbered from 1");
      }
      this.attempt = attempt;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k && deliveryId.equals(k.deliveryId) && attempt == k.attempt;
    }

    @Override
    public int hashCode() {
      return Objects.hash(deliveryId, attempt);
    }
  }
}
