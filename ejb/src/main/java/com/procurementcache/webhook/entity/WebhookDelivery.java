package com.procurementcache.webhook.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One webhook message and where its delivery stands. Its id is the Standard Webhooks {@code
 * webhook-id}, the same on every retry so that receivers can drop duplicates.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery {

  @Id private UUID id;

  @Column(name = "event_type", nullable = false, updatable = false)
  private String eventType;

  @Column(name = "run_id", updatable = false)
  private UUID runId;

  @Column(name = "target_url", nullable = false, updatable = false)
  private String targetUrl;

  @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
  @ColumnTransformer(write = "?::jsonb")
  private String payload;

  /** The body exactly as sent; {@code payload} holds it as jsonb, normalised. */
  @Column(updatable = false)
  private String body;

  @Column(nullable = false)
  private String status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "delivered_at")
  private Instant deliveredAt;

  protected WebhookDelivery() {}

  public WebhookDelivery(
      UUID id, String eventType, UUID runId, String targetUrl, String payloadJson) {
    this.id = Objects.requireNonNull(id, "a delivery needs an id");
    this.eventType = Objects.requireNonNull(eventType, "a delivery has an event type");
    this.runId = runId;
    this.targetUrl = Objects.requireNonNull(targetUrl, "a delivery has a target");
    this.payload = Objects.requireNonNull(payloadJson, "a delivery has a payload");
    this.body = payloadJson;
    this.status = "pending";
    this.createdAt = Instant.now();
    this.nextAttemptAt = createdAt;
  }

  public UUID id() {
    return id;
  }

  public String eventType() {
    return eventType;
  }

  public String payloadJson() {
    return payload;
  }

  public String status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }
}
