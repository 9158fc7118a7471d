package com.procurementcache.webhook.boundary;

import com.procurementcache.webhook.control.WebhookOutbox;
import com.procurementcache.webhook.control.WebhookSettings;
import com.procurementcache.webhook.entity.WebhookEventType;
import com.procurementcache.webhook.entity.WebhookQueued;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Sends webhook messages (run summaries, overdue alerts) to {@code webhook.url}, signed the
 * Standard Webhooks way, retried with backoff and recorded in the delivery ledger ({@code
 * webhook_deliveries}, {@code webhook_delivery_attempts}).
 *
 * <p>{@link #notify(WebhookEventType, UUID, String)} only stores the message and returns: the
 * request goes out on another thread once the message is committed, so a slow or dead receiver
 * never holds up the caller. Messages left over by a stopped node, and retries, are sent by {@link
 * WebhookDeliveryTimer}.
 */
@ApplicationScoped
public class WebhookNotifier {

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Inject Config config;

  @Inject Clock clock;

  @Inject Event<WebhookQueued> queued;

  private WebhookOutbox outbox;

  @PostConstruct
  void init() {
    outbox = new WebhookOutbox(dataSource, clock, WebhookSettings.from(config));
  }

  /**
   * Queues one message and returns at once. The message is stored in a transaction of its own
   * (committed before this method returns, kept even when the caller's transaction rolls back) and
   * sent after that commit.
   *
   * @param eventType the event; recorded in the ledger (the body should carry its wire name too, as
   *     {@code type}: receivers see only the body)
   * @param runId the refresh run the message is about, or {@code null}
   * @param jsonBody the complete JSON request body, sent byte for byte as given
   * @return the message's {@code webhook-id}; empty when no {@code webhook.url} is configured
   * @throws IllegalArgumentException when the body is not JSON or the run does not exist
   * @throws IllegalStateException when the ledger cannot be written (the message is lost: log it)
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<UUID> notify(WebhookEventType eventType, UUID runId, String jsonBody) {
    Optional<UUID> id = outbox.enqueue(eventType, runId, jsonBody);
    id.ifPresent(delivery -> queued.fire(new WebhookQueued(delivery, eventType)));
    return id;
  }

  /**
   * Queues one message in the caller's transaction, on its connection: the message is kept if and
   * only if that transaction commits, and sent after the commit. For messages that must not be lost
   * nor sent about something that did not happen (the end of a run, a missed night).
   *
   * @throws IllegalArgumentException when the body is not JSON or the run does not exist
   * @throws IllegalStateException when the ledger cannot be written: the caller's work must roll
   *     back with it
   */
  public Optional<UUID> notifyWithin(
      Connection connection, WebhookEventType eventType, UUID runId, String jsonBody) {
    Optional<UUID> id = outbox.enqueue(connection, eventType, runId, jsonBody);
    id.ifPresent(delivery -> queued.fire(new WebhookQueued(delivery, eventType)));
    return id;
  }
}
