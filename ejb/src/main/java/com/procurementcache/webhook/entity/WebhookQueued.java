package com.procurementcache.webhook.entity;

import java.util.Objects;
import java.util.UUID;

/**
 * A webhook message was stored in the outbox. Fired inside the storing transaction; observed after
 * it commits, to send the message without waiting for the next poll.
 */
public record WebhookQueued(UUID deliveryId, WebhookEventType eventType) {

  public WebhookQueued {
    Objects.requireNonNull(deliveryId, "the queued delivery's id");
    Objects.requireNonNull(eventType, "the queued delivery's event type");
  }
}
