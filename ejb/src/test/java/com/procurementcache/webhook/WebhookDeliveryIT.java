package com.procurementcache.webhook;

import static com.procurementcache.webhook.entity.DeliveryStatus.DELIVERED;
import static com.procurementcache.webhook.entity.DeliveryStatus.FAILED;
import static com.procurementcache.webhook.entity.DeliveryStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.procurementcache.schema.ScratchDatabase;
import com.procurementcache.schema.entity.StoredName;
import com.procurementcache.testing.MovableClock;
import com.procurementcache.webhook.control.WebhookDispatcher;
import com.procurementcache.webhook.control.WebhookOutbox;
import com.procurementcache.webhook.control.WebhookSettings;
import com.procurementcache.webhook.control.WebhookSigner;
import com.procurementcache.webhook.entity.DeliveryStatus;
import com.procurementcache.webhook.entity.WebhookEventType;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox and the dispatcher against a migrated PostgreSQL and a receiver on loopback. Time is a
 * {@link MovableClock}: retries fall due when the test moves it, not after a wait.
 */
class WebhookDeliveryIT {

  private static final String SECRET = "whsec_" + randomKey();
  private static final Instant START = Instant.parse("2026-03-29T00:30:00Z");
  private static final WebhookEventType COMPLETE = WebhookEventType.NIGHTLY_UPDATE_COMPLETE;

  private ScratchDatabase database;
  private MovableClock clock;

  @BeforeEach
  void createLedger() throws SQLException {
    database = ScratchDatabase.createMigrated("pc_it_webhook");
    clock = new MovableClock(START);
  }

  @AfterEach
  void dropLedger() throws SQLException {
    database.close();
  }

  @Test
  void signedMessageIsDeliveredOnceAndLedgeredWithOneAttempt() throws Exception {
    WebhookSigner receiverSide = new WebhookSigner(SECRET);
    try (Receiver receiver =
        Receiver.answering(
            r ->
                receiverSide.verify(r.id(), r.timestamp(), r.body(), r.signature(), clock.instant())
                    ? 204
                    : 401)) {
      WebhookSettings settings = settings(receiver.url(), 6, Duration.ofSeconds(5));
      // Spacing and key order that jsonb would normalise: the receiver must get these bytes.
      String body = "{\"type\": \"nightly_update_complete\",  \"success\":true, \"a\": [1,2]}";
      UUID id = outbox(settings).enqueue(COMPLETE, null, body).orElseThrow();
      assertThat(delivery(id).status()).isEqualTo(PENDING);

      int attempted = dispatcher(settings).deliverDue();

      assertThat(attempted).isEqualTo(1);
      assertThat(receiver.received())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.id()).isEqualTo(id.toString());
                assertThat(r.timestamp()).isEqualTo(Long.toString(START.getEpochSecond()));
                assertThat(r.body()).isEqualTo(body);
                assertThat(r.contentType()).isEqualTo("application/json");
                assertThat(r.signature()).startsWith("v1,");
                assertThat(
                        new WebhookSigner("whsec_" + randomKey())
                            .verify(r.id(), r.timestamp(), r.body(), r.signature(), START))
                    .as("another secret does not verify")
                    .isFalse();
              });
      Delivery delivery = delivery(id);
      assertThat(delivery.status()).isEqualTo(DELIVERED);
      assertThat(delivery.attempts()).isEqualTo(1);
      assertThat(delivery.deliveredAt()).isEqualTo(START);
      assertThat(delivery.nextAttemptAt()).isNull();
      assertThat(attempts(id))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.attempt()).isEqualTo(1);
                assertThat(a.statusCode()).isEqualTo(204);
                assertThat(a.error()).isNull();
                assertThat(a.attemptedAt()).isEqualTo(START);
              });
      assertThat(dispatcher(settings).deliverDue()).as("nothing left to send").isZero();
    }
  }

  @Test
  void serverErrorsAreRetriedWithDoublingBackoffUntilDelivered() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Receiver receiver = Receiver.answering(r -> calls.incrementAndGet() <= 2 ? 500 : 200)) {
      WebhookSettings settings = settings(receiver.url(), 6, Duration.ofSeconds(5));
      UUID id = outbox(settings).enqueue(COMPLETE, null, "{\"success\": true}").orElseThrow();
      WebhookDispatcher dispatcher = dispatcher(settings);

      assertThat(dispatcher.deliverDue()).isEqualTo(1);
      assertThat(delivery(id).nextAttemptAt()).isEqualTo(START.plusSeconds(5));

      clock.advance(Duration.ofMillis(4_999));
      assertThat(dispatcher.deliverDue()).as("not due before the initial delay").isZero();
      clock.advance(Duration.ofMillis(1));
      assertThat(dispatcher.deliverDue()).isEqualTo(1);
      assertThat(delivery(id).nextAttemptAt()).isEqualTo(START.plusSeconds(5 + 10));

      clock.advance(Duration.ofMillis(9_999));
      assertThat(dispatcher.deliverDue()).as("not due before the doubled delay").isZero();
      clock.advance(Duration.ofMillis(1));
      assertThat(dispatcher.deliverDue()).isEqualTo(1);

      Delivery delivery = delivery(id);
      assertThat(delivery.status()).isEqualTo(DELIVERED);
      assertThat(delivery.attempts()).isEqualTo(3);
      assertThat(attempts(id))
          .extracting(Attempt::attempt, Attempt::statusCode, Attempt::attemptedAt)
          .containsExactly(
              tuple(1, 500, START),
              tuple(2, 500, START.plusSeconds(5)),
              tuple(3, 200, START.plusSeconds(15)));
      // Same webhook-id on every retry, a fresh timestamp and signature each time.
      WebhookSigner receiverSide = new WebhookSigner(SECRET);
      assertThat(receiver.received())
          .hasSize(3)
          .allSatisfy(r -> assertThat(r.id()).isEqualTo(id.toString()))
          .allSatisfy(
              r ->
                  assertThat(
                          receiverSide.verify(
                              r.id(),
                              r.timestamp(),
                              r.body(),
                              r.signature(),
                              Instant.ofEpochSecond(Long.parseLong(r.timestamp()))))
                      .isTrue())
          .extracting(Receiver.Received::timestamp)
          .containsExactly(
              Long.toString(START.getEpochSecond()),
              Long.toString(START.getEpochSecond() + 5),
              Long.toString(START.getEpochSecond() + 15));
    }
  }

  @Test
  void deadReceiverFailsTheDeliveryAfterMaxAttempts() throws Exception {
    WebhookSettings settings = settings(closedPort(), 3, Duration.ofSeconds(5));
    UUID id = outbox(settings).enqueue(COMPLETE, null, "{\"success\": false}").orElseThrow();
    WebhookDispatcher dispatcher = dispatcher(settings);

    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(dispatcher.deliverDue()).as("attempt %d", attempt).isEqualTo(1);
      clock.advance(settings.backoffMax());
    }
    assertThat(dispatcher.deliverDue()).as("no attempt after the last").isZero();

    Delivery delivery = delivery(id);
    assertThat(delivery.status()).isEqualTo(FAILED);
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.nextAttemptAt()).isNull();
    assertThat(delivery.deliveredAt()).isNull();
    assertAttemptsGotNoAnswer(id, 3, "ConnectException");
  }

  @Test
  void slowReceiverTimesOutAndFailsTheDeliveryAfterMaxAttempts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Receiver receiver =
        Receiver.answering(
            r -> {
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return 200;
            })) {
      Duration timeout = Duration.ofMillis(300);
      WebhookSettings settings = settings(receiver.url(), 2, timeout);
      try {
        UUID id = outbox(settings).enqueue(COMPLETE, null, "{\"success\": true}").orElseThrow();
        WebhookDispatcher dispatcher = dispatcher(settings);

        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        clock.advance(settings.backoffMax());
        assertThat(dispatcher.deliverDue()).isEqualTo(1);

        assertThat(delivery(id).status()).isEqualTo(FAILED);
        assertAttemptsGotNoAnswer(id, 2, "HttpTimeoutException")
            .allSatisfy(a -> assertThat(a.durationMs()).isGreaterThanOrEqualTo(timeout.toMillis()));
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void twoDispatchersOnOneLedgerDeliverEachMessageExactlyOnce() throws Exception {
    Map<String, AtomicInteger> requestsPerId = new ConcurrentHashMap<>();
    try (Receiver receiver =
        Receiver.answering(
            r -> {
              requestsPerId.computeIfAbsent(r.id(), k -> new AtomicInteger()).incrementAndGet();
              return 200;
            })) {
      WebhookSettings settings = settings(receiver.url(), 6, Duration.ofSeconds(5));
      WebhookOutbox outbox = outbox(settings);
      Set<String> ids =
          IntStream.range(0, 40)
              .mapToObj(i -> outbox.enqueue(COMPLETE, null, "{\"n\": " + i + "}").orElseThrow())
              .map(UUID::toString)
              .collect(Collectors.toSet());
      // Two nodes: each its own dispatcher and HTTP client, one database.
      WebhookDispatcher nodeA = dispatcher(settings);
      WebhookDispatcher nodeB = dispatcher(settings);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService nodes = Executors.newFixedThreadPool(2);
      try {
        Future<Integer> a =
            nodes.submit(
                () -> {
                  go.await();
                  return nodeA.deliverDue();
                });
        Future<Integer> b =
            nodes.submit(
                () -> {
                  go.await();
                  return nodeB.deliverDue();
                });
        go.countDown();

        assertThat(a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS)).isEqualTo(40);
      } finally {
        nodes.shutdownNow();
      }

      assertThat(requestsPerId.keySet()).isEqualTo(ids);
      assertThat(requestsPerId.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(count("SELECT count(*) FROM webhook_delivery_attempts")).isEqualTo(40);
      assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'"))
          .isEqualTo(40);
    }
  }

  @Test
  void lateOutcomeOfALapsedClaimDoesNotOverrideTheAttemptThatTookOver() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    try (Receiver receiver =
        Receiver.answering(
            r -> {
              if (calls.incrementAndGet() > 1) {
                return 200;
              }
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return 500;
            })) {
      WebhookSettings settings = settings(receiver.url(), 6, Duration.ofSeconds(30));
      UUID id = outbox(settings).enqueue(COMPLETE, null, "{\"success\": true}").orElseThrow();
      ExecutorService stalled = Executors.newSingleThreadExecutor();
      try {
        Future<Integer> first = stalled.submit(dispatcher(settings)::deliverDue);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);

        // The first node is stuck past its claim: another node takes the delivery over.
        clock.advance(settings.claimLease());
        assertThat(dispatcher(settings).deliverDue()).isEqualTo(1);
        assertThat(delivery(id).status()).isEqualTo(DELIVERED);

        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      } finally {
        release.countDown();
        stalled.shutdownNow();
      }

      Delivery delivery = delivery(id);
      assertThat(delivery.status())
          .as("the late 500 does not undo the delivery")
          .isEqualTo(DELIVERED);
      assertThat(delivery.attempts()).isEqualTo(2);
      assertThat(attempts(id))
          .extracting(Attempt::attempt, Attempt::statusCode)
          .containsExactly(tuple(1, 500), tuple(2, 200));
    }
  }

  @Test
  void deliveryLeftByAStoppedNodeIsSentOnceItsClaimLapses() throws Exception {
    try (Receiver receiver = Receiver.answering(r -> 200)) {
      WebhookSettings settings = settings(receiver.url(), 6, Duration.ofSeconds(5));
      UUID id = outbox(settings).enqueue(COMPLETE, null, "{\"success\": true}").orElseThrow();
      // As a node leaves it that claimed the delivery and stopped before recording its attempt.
      execute(
          "UPDATE webhook_deliveries SET attempts = 1, next_attempt_at = ? WHERE id = ?",
          utc(START.plus(settings.claimLease())),
          id);
      WebhookDispatcher restarted = dispatcher(settings);

      assertThat(restarted.deliverDue()).as("still claimed").isZero();
      clock.advance(settings.claimLease());
      assertThat(restarted.deliverDue()).isEqualTo(1);

      assertThat(delivery(id).status()).isEqualTo(DELIVERED);
      assertThat(attempts(id)).extracting(Attempt::attempt).containsExactly(2);
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @Test
  void deliveryLeftDuringItsLastAttemptIsFailedNotSentAgain() throws Exception {
    try (Receiver receiver = Receiver.answering(r -> 200)) {
      WebhookSettings settings = settings(receiver.url(), 3, Duration.ofSeconds(5));
      UUID id = outbox(settings).enqueue(COMPLETE, null, "{\"success\": true}").orElseThrow();
      execute("UPDATE webhook_deliveries SET attempts = 3 WHERE id = ?", id);

      assertThat(dispatcher(settings).deliverDue()).isZero();

      assertThat(delivery(id).status()).isEqualTo(FAILED);
      assertThat(receiver.received()).isEmpty();
    }
  }

  @Test
  void withoutAUrlNothingIsQueued() throws Exception {
    WebhookSettings noUrl = settings(Optional.empty(), Optional.empty(), 6, Duration.ofSeconds(10));

    assertThat(outbox(noUrl).enqueue(COMPLETE, null, "{\"success\": true}")).isEmpty();
    assertThat(count("SELECT count(*) FROM webhook_deliveries")).isZero();
  }

  @Test
  void queuedMessageKeepsItsRunAndRefusesABodyThatIsNotJsonOrAnUnknownRun() throws Exception {
    WebhookSettings settings = settings(closedPort(), 6, Duration.ofSeconds(5));
    WebhookOutbox outbox = outbox(settings);
    UUID run = UUID.randomUUID();
    execute("INSERT INTO refresh_runs (id, trigger, status) VALUES (?, 'api', 'completed')", run);

    UUID id = outbox.enqueue(COMPLETE, run, "{\"success\": true}").orElseThrow();

    assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE run_id = '" + run + "'"))
        .isEqualTo(1);
    assertThat(delivery(id).targetUrl()).isEqualTo(settings.url().orElseThrow().toString());
    assertThatThrownBy(() -> outbox.enqueue(COMPLETE, null, "success: true"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> outbox.enqueue(COMPLETE, UUID.randomUUID(), "{}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(count("SELECT count(*) FROM webhook_deliveries")).isEqualTo(1);
  }

  // --- fixtures and ledger reads

  private static WebhookSettings settings(URI url, int maxAttempts, Duration timeout) {
    return settings(Optional.of(url), Optional.of(SECRET), maxAttempts, timeout);
  }

  private static WebhookSettings settings(
      Optional<URI> url, Optional<String> secret, int maxAttempts, Duration timeout) {
    return new WebhookSettings(
        url,
        secret,
        Duration.ofSeconds(2),
        timeout,
        maxAttempts,
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        Duration.ofSeconds(15));
  }

  private WebhookOutbox outbox(WebhookSettings settings) {
    return new WebhookOutbox(database.dataSource(), clock, settings);
  }

  private WebhookDispatcher dispatcher(WebhookSettings settings) {
    return new WebhookDispatcher(
        database.dataSource(), clock, WebhookDispatcher.httpClient(settings), settings);
  }

  /** A loopback port nobody listens on: connections are refused at once. */
  private static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
    }
  }

  private static String randomKey() {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  record Delivery(
      DeliveryStatus status,
      int attempts,
      Instant nextAttemptAt,
      Instant deliveredAt,
      String targetUrl) {}

  record Attempt(
      int attempt, Integer statusCode, String error, long durationMs, Instant attemptedAt) {}

  private Delivery delivery(UUID id) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, attempts, next_attempt_at, delivered_at, target_url"
                    + " FROM webhook_deliveries WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("delivery %s exists", id).isTrue();
        return new Delivery(
            StoredName.fromWire(DeliveryStatus.class, rs.getString(1)),
            rs.getInt(2),
            instant(rs.getObject(3, OffsetDateTime.class)),
            instant(rs.getObject(4, OffsetDateTime.class)),
            rs.getString(5));
      }
    }
  }

  /**
   * The delivery was tried {@code count} times, each without an answer, failing with {@code error}.
   */
  private ListAssert<Attempt> assertAttemptsGotNoAnswer(UUID id, int count, String error)
      throws SQLException {
    return assertThat(attempts(id))
        .hasSize(count)
        .allSatisfy(
            a -> {
              assertThat(a.statusCode()).isNull();
              assertThat(a.error()).contains(error);
            });
  }

  private List<Attempt> attempts(UUID id) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT attempt, status_code, error, duration_ms, attempted_at"
                    + " FROM webhook_delivery_attempts WHERE delivery_id = ? ORDER BY attempt")) {
      s.setObject(1, id);
      List<Attempt> attempts = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          attempts.add(
              new Attempt(
                  rs.getInt(1),
                  rs.getObject(2, Integer.class),
                  rs.getString(3),
                  rs.getLong(4),
                  instant(rs.getObject(5, OffsetDateTime.class))));
        }
      }
      return attempts;
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void execute(String sql, Object... parameters) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.executeUpdate();
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
