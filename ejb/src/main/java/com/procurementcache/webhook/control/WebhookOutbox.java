package com.procurementcache.webhook.control;

import com.procurementcache.webhook.entity.DeliveryStatus;
import com.procurementcache.webhook.entity.WebhookEventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Queues webhook messages: one {@code webhook_deliveries} row each, pending and due at once. Sends
 * nothing itself ({@link WebhookDispatcher} does), so queuing never waits for a receiver.
 *
 * <p>Leaves transactions to its caller: in the container the insert joins the caller's JTA
 * transaction, on a plain connection it commits by itself.
 */
public class WebhookOutbox {

  private static final Logger LOG = Logger.getLogger(WebhookOutbox.class.getName());

  private static final String INSERT =
      """
      INSERT INTO webhook_deliveries
        (id, event_type, run_id, target_url, payload, body, status, attempts, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, 0, ?, ?)
      """;

  private static final String INVALID_TEXT_REPRESENTATION = "22P02";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final DataSource dataSource;
  private final Clock clock;
  private final WebhookSettings settings;

  public WebhookOutbox(DataSource dataSource, Clock clock, WebhookSettings settings) {
    this.dataSource = Objects.requireNonNull(dataSource, "a data source for the ledger");
    this.clock = Objects.requireNonNull(clock, "a clock");
    this.settings = Objects.requireNonNull(settings, "webhook settings");
  }

  /**
   * Queues one message for {@code webhook.url}; its id is the message's {@code webhook-id}. Empty,
   * and nothing stored, when no URL is configured.
   *
   * @param eventType what happened
   * @param runId the refresh run the message is about, or {@code null}
   * @param jsonBody the complete request body, sent exactly as given
   * @throws IllegalArgumentException when the body is not JSON or the run does not exist
   */
  public Optional<UUID> enqueue(WebhookEventType eventType, UUID runId, String jsonBody) {
    if (settings.url().isEmpty()) {
      LOG.log(Level.FINE, "No webhook.url configured: {0} is not sent", eventType);
      return Optional.empty();
    }
    try (Connection connection = dataSource.getConnection()) {
      return enqueue(connection, eventType, runId, jsonBody);
    } catch (SQLException e) {
      throw new IllegalStateException("could not queue the webhook " + eventType, e);
    }
  }

  /**
   * Queues one message on the caller's connection, in the caller's transaction: it is kept if and
   * only if that transaction commits (e.g. the one that ends a refresh run).
   *
   * @throws IllegalArgumentException when the body is not JSON or the run does not exist
   * @throws IllegalStateException when the insert fails otherwise
   */
  public Optional<UUID> enqueue(
      Connection connection, WebhookEventType eventType, UUID runId, String jsonBody) {
    Objects.requireNonNull(eventType, "a webhook message needs an event type");
    Objects.requireNonNull(jsonBody, "a webhook message needs a body");
    if (settings.url().isEmpty()) {
      LOG.log(Level.FINE, "No webhook.url configured: {0} is not sent", eventType);
      return Optional.empty();
    }
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setObject(1, id);
      insert.setString(2, eventType.wireName());
      insert.setObject(3, runId, Types.OTHER);
      insert.setString(4, settings.url().get().toString());
      insert.setString(5, jsonBody);
      insert.setString(6, jsonBody);
      insert.setString(7, DeliveryStatus.PENDING.wireName());
      insert.setObject(8, now);
      insert.setObject(9, now);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (INVALID_TEXT_REPRESENTATION.equals(e.getSQLState())) {
        throw new IllegalArgumentException("the webhook body of " + eventType + " is not JSON", e);
      }
      if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
        throw new IllegalArgumentException("no refresh run " + runId, e);
      }
      throw new IllegalStateException("could not queue the webhook " + eventType, e);
    }
    LOG.log(Level.FINE, "Webhook {0} ({1}) queued", new Object[] {id, eventType});
    return Optional.of(id);
  }
}
