package com.procurementcache.webhook.control;

import static com.procurementcache.webhook.entity.DeliveryStatus.DELIVERED;
import static com.procurementcache.webhook.entity.DeliveryStatus.FAILED;
import static com.procurementcache.webhook.entity.DeliveryStatus.PENDING;

import com.procurementcache.schema.entity.StoredName;
import com.procurementcache.webhook.entity.DeliveryStatus;
import com.procurementcache.webhook.entity.WebhookEventType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Sends the due webhook deliveries of the ledger and records every attempt.
 *
 * <p>Any number of dispatchers, on one node or many, may work the same ledger at once: each claims
 * one due delivery at a time in PostgreSQL ({@code FOR UPDATE SKIP LOCKED}), and the claim moves
 * the delivery's due time past the longest its attempt can take ({@link
 * WebhookSettings#claimLease()}), so no other dispatcher sends it meanwhile. The request goes out
 * after the claim has committed: no transaction, lock or connection is held while a receiver is
 * slow. The attempt number taken at the claim fences the outcome: an outcome whose claim has lapsed
 * and been taken by another dispatcher is added to the ledger but no longer decides the delivery.
 * If a node stops between sending and recording, the delivery is sent again once its claim lapses:
 * at least once, with the same {@code webhook-id}, so receivers can drop the duplicate.
 *
 * <p>2xx delivers. Anything else (another status, no connection, no answer within {@code
 * webhook.timeout}) is retried after {@link WebhookSettings#retryDelay(int)}, until {@code
 * webhook.max-attempts} attempts have failed; then the delivery is {@link DeliveryStatus#FAILED}.
 */
public class WebhookDispatcher {

  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

  static final int MAX_ERROR_LENGTH = 500;

  // The statuses a statement looks for are literals (DeliveryStatus.sqlLiteral), not parameters:
  // only then can the planner use the partial index of pending deliveries.
  private static final String GIVE_UP_EXHAUSTED =
      """
      UPDATE webhook_deliveries SET status = %s, next_attempt_at = NULL
       WHERE status = %s AND next_attempt_at <= ? AND attempts >= ?
      """
          .formatted(FAILED.sqlLiteral(), PENDING.sqlLiteral());

  // One statement, so one short transaction: pick the most overdue delivery nobody holds, count
  // the attempt and reserve the delivery for the lease.
  private static final String CLAIM =
      """
      UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1, next_attempt_at = ?
       WHERE d.id = (SELECT id FROM webhook_deliveries
                      WHERE status = %s AND next_attempt_at <= ? AND attempts < ?
                      ORDER BY next_attempt_at, created_at
                      LIMIT 1
                      FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.event_type, d.target_url, coalesce(d.body, d.payload::text), d.attempts
      """
          .formatted(PENDING.sqlLiteral());

  private static final String INSERT_ATTEMPT =
      """
      INSERT INTO webhook_delivery_attempts
        (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
      VALUES (?, ?, ?, ?, ?, ?)
      """;

  private static final String CONCLUDE =
      """
      UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, delivered_at = ?
       WHERE id = ? AND attempts = ? AND status = %s
      """
          .formatted(PENDING.sqlLiteral());

  private final DataSource dataSource;
  private final Clock clock;
  private final HttpClient http;
  private final WebhookSettings settings;
  private final Optional<WebhookSigner> signer;

  public WebhookDispatcher(
      DataSource dataSource, Clock clock, HttpClient http, WebhookSettings settings) {
    this.dataSource = Objects.requireNonNull(dataSource, "a data source for the ledger");
    this.clock = Objects.requireNonNull(clock, "a clock");
    this.http = Objects.requireNonNull(http, "an HTTP client");
    this.settings = Objects.requireNonNull(settings, "webhook settings");
    this.signer = settings.signer();
  }

  /**
   * An HTTP client fit for webhooks: {@code webhook.connect-timeout}, no redirects (a receiver that
   * moved answers 3xx, which counts as a failed attempt), HTTP/1.1, which every receiver speaks.
   */
  public static HttpClient httpClient(WebhookSettings settings) {
    return HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * Claims and sends due deliveries one after another until none is due, recording each attempt and
   * scheduling retries; gives up deliveries that have used all their attempts.
   *
   * @return how many attempts were made
   * @throws IllegalStateException when the ledger cannot be read or written
   */
  public int deliverDue() {
    try {
      giveUpExhausted();
      int attempts = 0;
      Optional<Claim> claim;
      while (!Thread.currentThread().isInterrupted() && (claim = claimNext()).isPresent()) {
        record(claim.get(), send(claim.get()));
        attempts++;
      }
      return attempts;
    } catch (SQLException e) {
      throw new IllegalStateException("the webhook ledger is not available: " + e.getMessage(), e);
    }
  }

  private void giveUpExhausted() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(GIVE_UP_EXHAUSTED)) {
      update.setObject(1, utc(clock.instant()));
      update.setInt(2, settings.maxAttempts());
      int given = update.executeUpdate();
      if (given > 0) {
        // Only after a node stopped during the last attempt, or webhook.max-attempts was lowered.
        LOG.log(Level.WARNING, "{0} webhook deliveries failed: no attempt left", given);
      }
    }
  }

  private Optional<Claim> claimNext() throws SQLException {
    Instant now = clock.instant();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement claim = connection.prepareStatement(CLAIM)) {
      claim.setObject(1, utc(now.plus(settings.claimLease())));
      claim.setObject(2, utc(now));
      claim.setInt(3, settings.maxAttempts());
      try (ResultSet row = claim.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Claim(
                row.getObject(1, UUID.class),
                StoredName.fromWire(WebhookEventType.class, row.getString(2)),
                row.getString(3),
                row.getString(4),
                row.getInt(5)));
      }
    }
  }

  private Outcome send(Claim claim) {
    Instant attemptedAt = clock.instant();
    long started = System.nanoTime();
    Integer statusCode = null;
    String error = null;
    try {
      String id = claim.id().toString();
      long timestamp = attemptedAt.getEpochSecond();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(claim.targetUrl()))
              .timeout(settings.timeout())
              .header("Content-Type", "application/json")
              .header("webhook-id", id)
              .header("webhook-timestamp", Long.toString(timestamp))
              .POST(HttpRequest.BodyPublishers.ofString(claim.body(), StandardCharsets.UTF_8));
      signer.ifPresent(
          s -> request.header("webhook-signature", s.sign(id, timestamp, claim.body())));
      statusCode = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      // Refused, reset, timed out, unknown host: the exception's type and message say which;
      // neither carries the secret or the body.
      error = describe(e);
    } catch (IllegalArgumentException e) {
      // Not e's message: it would quote the URL, which may carry a token.
      error = "the target URL is not a valid http(s) URL";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted: the node is stopping";
    }
    long durationMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    return new Outcome(attemptedAt, statusCode, error, durationMs);
  }

  private void record(Claim claim, Outcome outcome) throws SQLException {
    Instant now = clock.instant();
    DeliveryStatus status;
    Instant next = null;
    if (outcome.delivered()) {
      status = DELIVERED;
    } else if (claim.attempt() >= settings.maxAttempts()) {
      status = FAILED;
    } else {
      status = PENDING;
      next = now.plus(settings.retryDelay(claim.attempt()));
    }
    boolean concluded;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement attempt = connection.prepareStatement(INSERT_ATTEMPT);
          PreparedStatement conclude = connection.prepareStatement(CONCLUDE)) {
        attempt.setObject(1, claim.id());
        attempt.setInt(2, claim.attempt());
        attempt.setObject(3, utc(outcome.attemptedAt()));
        attempt.setObject(4, outcome.statusCode());
        attempt.setString(5, outcome.error());
        attempt.setLong(6, outcome.durationMs());
        attempt.executeUpdate();
        conclude.setString(1, status.wireName());
        conclude.setObject(2, next == null ? null : utc(next));
        conclude.setObject(3, outcome.delivered() ? utc(now) : null);
        conclude.setObject(4, claim.id());
        conclude.setInt(5, claim.attempt());
        concluded = conclude.executeUpdate() == 1;
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
    log(claim, outcome, status, next, now, concluded);
  }

  private void log(
      Claim claim,
      Outcome outcome,
      DeliveryStatus status,
      Instant next,
      Instant now,
      boolean concluded) {
    Object[] which = {claim.id(), claim.eventType(), claim.attempt(), outcome.describe()};
    if (!concluded) {
      LOG.log(
          Level.WARNING,
          "Webhook {0} ({1}) attempt {2} ended ({3}) after its claim had lapsed; another attempt"
              + " decides the delivery",
          which);
    } else if (outcome.delivered()) {
      LOG.log(Level.FINE, "Webhook {0} ({1}) delivered at attempt {2} ({3})", which);
    } else if (status == FAILED) {
      LOG.log(Level.WARNING, "Webhook {0} ({1}) failed, attempt {2} was the last ({3})", which);
    } else {
      LOG.log(
          Level.INFO,
          "Webhook {0} ({1}) attempt {2} failed ({3}); next attempt in {4}",
          new Object[] {
            claim.id(),
            claim.eventType(),
            claim.attempt(),
            outcome.describe(),
            Duration.between(now, next)
          });
    }
  }

  static String describe(Exception e) {
    String text =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** A delivery this dispatcher holds for one attempt, numbered from 1. */
  private record Claim(
      UUID id, WebhookEventType eventType, String targetUrl, String body, int attempt) {}

  /** What one attempt got: an HTTP status, or an error when no answer came. */
  private record Outcome(Instant attemptedAt, Integer statusCode, String error, long durationMs) {

    boolean delivered() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    String describe() {
      return statusCode != null ? "HTTP " + statusCode : error;
    }
  }
}
