package com.procurementcache.push;

import static com.procurementcache.it.EventSocket.type;
import static com.procurementcache.it.EventSocket.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.demo.control.SigningKeys;
import com.procurementcache.demo.control.TokenIssuer;
import com.procurementcache.it.AdminApi;
import com.procurementcache.it.EventSocket;
import com.procurementcache.it.Metrics;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.Sql;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The push endpoint on a real node, with real WebSocket clients: who may connect and follow what,
 * and that changes reach subscribers in order, once, also after a reconnect and past a client that
 * stopped reading.
 */
class PushIT extends PackagedWarClient {

  /** The shipped {@code push.auth-timeout}. */
  private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration A_WHILE = Duration.ofSeconds(20);

  /**
   * How long a client must have read nothing before the node's blocked write to it may have hit the
   * transport's write timeout (30 s): the buffers fill a few seconds after it stops reading.
   */
  private static final Duration WRITE_TIMEOUT_REACHABLE = Duration.ofSeconds(25);

  private static UUID own;
  private static UUID other;

  @BeforeAll
  static void organizations() throws SQLException {
    own = TestOrganization.active("Push own").id();
    other = TestOrganization.active("Push other").id();
  }

  private EventSocket viewerOf(UUID organization) {
    EventSocket client = sendingToken(issuer.viewer("viewer", organization, FIVE_MINUTES));
    assertThat(client.next().getString("type")).isEqualTo("authenticated");
    return client;
  }

  /** A socket without an {@code Origin} header that sent {@code token} and awaits nothing yet. */
  private EventSocket sendingToken(String token) {
    EventSocket client = EventSocket.connect(base, null);
    client.requestAuthentication(token);
    return client;
  }

  // --- refusals

  @Test
  void aSocketWithoutATokenIsClosedAfterTheAuthTimeout() {
    Instant opened = Instant.now();
    try (EventSocket client = EventSocket.connect(base, null)) {
      EventSocket.Closed closed = client.awaitClosed(AUTH_TIMEOUT.multipliedBy(3));

      assertThat(closed).isEqualTo(new EventSocket.Closed(1008, "authentication required"));
      assertThat(Duration.between(opened, Instant.now()))
          .isGreaterThan(AUTH_TIMEOUT.minusSeconds(1));
    }
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefused() {
    String forged =
        new TokenIssuer(SigningKeys.generate().privateKey()).viewer("mallory", own, FIVE_MINUTES);

    try (EventSocket client = sendingToken(forged)) {
      assertThat(client.awaitClosed(A_WHILE))
          .isEqualTo(new EventSocket.Closed(1008, "invalid token"));
    }
  }

  @Test
  void anExpiredTokenIsRefusedAsExpired() {
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    String expired =
        issuer.issue("viewer", List.of("viewer"), own, hourAgo, hourAgo.plus(FIVE_MINUTES));

    try (EventSocket client = sendingToken(expired)) {
      assertThat(client.awaitClosed(A_WHILE))
          .isEqualTo(new EventSocket.Closed(1008, "token expired"));
    }
  }

  @Test
  void aViewerCannotFollowAnotherOrganization() {
    try (EventSocket client = viewerOf(own)) {
      client.requestSubscription(other, null);

      assertThat(client.awaitClosed(A_WHILE))
          .isEqualTo(new EventSocket.Closed(1008, "forbidden organization"));
    }
  }

  @Test
  void anAdminCannotFollowAnOrganizationThatDoesNotExist() {
    try (EventSocket client = sendingToken(admin())) {
      client.next("authenticated");
      client.requestSubscription(UUID.randomUUID(), null);

      assertThat(client.awaitClosed(A_WHILE))
          .isEqualTo(new EventSocket.Closed(1008, "forbidden organization"));
    }
  }

  @Test
  void aPageOfAnotherSiteIsRefusedAnAllowedOneIsNot() {
    try (EventSocket foreign = EventSocket.connect(base, "https://evil.example")) {
      assertThat(foreign.awaitClosed(A_WHILE))
          .isEqualTo(new EventSocket.Closed(1008, "origin not allowed"));
    }
    // One of the shipped push.allowed-origins.
    try (EventSocket local = EventSocket.connect(base, EventSocket.ORIGIN)) {
      local.requestAuthentication(issuer.viewer("viewer", own, FIVE_MINUTES));
      assertThat(local.next().getString("type")).isEqualTo("authenticated");
    }
    // A page this node served itself, on whatever port it runs: not listed, allowed.
    String sameOrigin = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    try (EventSocket page = EventSocket.connect(base, sameOrigin)) {
      page.requestAuthentication(issuer.viewer("viewer", own, FIVE_MINUTES));
      assertThat(page.next().getString("type")).isEqualTo("authenticated");
    }
  }

  @Test
  void anUnreadableMessageIsRefused() {
    try (EventSocket client = viewerOf(own)) {
      client.send(
          Json.createObjectBuilder().add("type", "subscribe").add("organizationId", "not-a-uuid"));

      assertThat(client.awaitClosed(A_WHILE))
          .isEqualTo(new EventSocket.Closed(1008, "bad message"));
    }
  }

  @Test
  void theSocketClosesWhenTheTokenExpires() {
    Instant now = Instant.now();
    Instant expiry = now.plusSeconds(3);
    String shortLived = issuer.issue("viewer", List.of("viewer"), own, now, expiry);

    try (EventSocket client = sendingToken(shortLived)) {
      JsonObject authenticated = client.next();
      assertThat(authenticated.getString("type")).isEqualTo("authenticated");
      assertThat(Instant.parse(authenticated.getString("expiresAt")))
          .isEqualTo(Instant.ofEpochSecond(expiry.getEpochSecond()));
      client.requestSubscription(own, null);

      assertThat(client.awaitClosed(A_WHILE))
          .isEqualTo(new EventSocket.Closed(1008, "token expired"));
      assertThat(Instant.now()).isAfterOrEqualTo(Instant.ofEpochSecond(expiry.getEpochSecond()));
    }
  }

  // --- following an organization

  @Test
  void aViewerFollowsItsOwnOrganization() {
    try (EventSocket client = viewerOf(own)) {
      client.requestSubscription(own, null);

      JsonObject subscribed = client.next();
      assertThat(subscribed.getString("type")).isEqualTo("subscribed");
      assertThat(subscribed.getString("organizationId")).isEqualTo(own.toString());
      assertThat(version(subscribed)).isNotNegative();
      assertThat(subscribed.getBoolean("recovered")).isFalse();
      JsonObject resync = client.next();
      assertThat(resync.getString("type")).isEqualTo("resync");
      assertThat(version(resync)).isEqualTo(version(subscribed));
      JsonObject status = client.next();
      assertThat(status.getString("type")).isEqualTo("refresh_status");
      assertThat(status.getString("organizationId")).isEqualTo(own.toString());
      assertThat(status.getString("state")).isIn("idle", "updating", "completed", "error");
      assertThat(status.getString("organizationState")).isIn("none", "pending", "done", "failed");
      // A viewer learns nothing of the other tenants.
      assertThat(status).doesNotContainKeys("organizationsDone", "organizationsTotal");
    }
  }

  @Test
  void aPingIsAnsweredWithAPong() {
    try (EventSocket client = viewerOf(own)) {
      client.send(Json.createObjectBuilder().add("type", "ping"));

      assertThat(client.next().getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void anAdminsInvalidationReachesTheSubscriberOnce() {
    try (EventSocket client = viewerOf(own)) {
      client.requestSubscription(own, null);
      long subscribedAt = version(client.next("subscribed"));
      client.next("refresh_status");

      JsonObject invalidation = invalidate(own);
      long version = version(invalidation);

      JsonObject event = client.next("cache_invalidation " + version, invalidationOf(version));
      assertThat(event.getString("organizationId")).isEqualTo(own.toString());
      assertThat(event.getString("reason")).isEqualTo("manual");
      assertThat(event.getJsonArray("dataTypes").getValuesAs(JsonString::getString))
          .containsExactlyInAnyOrderElementsOf(
              invalidation.getJsonArray("dataTypes").getValuesAs(JsonString::getString));
      assertThat(event.getBoolean("sourceChanged")).isFalse();
      assertThat(event.isNull("runId")).isTrue();
      assertThat(Instant.parse(event.getString("changedAt")))
          .isBefore(Instant.parse(invalidation.getString("invalidatedAt")).plusSeconds(1));
      // Every version after the subscription's, once, in order (another system may have written
      // the organization's rows meanwhile: those come too).
      assertThat(invalidationVersions(client.messages()))
          .containsExactlyElementsOf(range(subscribedAt + 1, version));
    }
  }

  @Test
  void aClientThatReconnectsGetsExactlyWhatItMissed() {
    long seen;
    try (EventSocket first = viewerOf(own)) {
      first.requestSubscription(own, null);
      first.next("refresh_status");
      seen = version(invalidate(own));
      first.next("cache_invalidation " + seen, invalidationOf(seen));
    }
    long last = 0;
    for (int i = 0; i < 3; i++) {
      last = version(invalidate(own));
    }
    long missedUpTo = last;

    try (EventSocket second = viewerOf(own)) {
      second.requestSubscription(own, seen);

      JsonObject subscribed = second.next();
      assertThat(subscribed.getString("type")).isEqualTo("subscribed");
      assertThat(subscribed.getBoolean("recovered")).isTrue();
      second.next("cache_invalidation " + missedUpTo, invalidationOf(missedUpTo));
      assertThat(invalidationVersions(second.messages()))
          .containsExactlyElementsOf(range(seen + 1, missedUpTo));
      assertThat(second.messages()).noneMatch(m -> m.getString("type").equals("resync"));
    }
  }

  /**
   * One client stops reading while another reads along: the reader gets every change in order
   * without waiting for the other, and the other, once its queue overflowed, gets a resync and is
   * closed.
   */
  @Test
  void aClientThatStopsReadingIsToldToResyncAndClosedWithoutSlowingTheOthers() throws Exception {
    UUID busy = TestOrganization.active("Push busy").id();
    double cutOffsBefore = slowConsumerCloses();
    try (EventSocket slow = viewerOf(busy);
        EventSocket reader = viewerOf(busy);
        Connection db = TestEnvironment.database().connect()) {
      slow.requestSubscription(busy, null);
      long slowFrom = version(slow.next("subscribed"));
      slow.next("refresh_status");
      slow.stopReading();
      Instant stopped = Instant.now();
      reader.requestSubscription(busy, null);
      long readerFrom = version(reader.next("subscribed"));

      // Changes come in bursts of a hundred, as many admins' invalidations would, until the node
      // cuts the slow client off (the kernel buffers some megabytes first); the reader keeps up
      // with every burst meanwhile. Quick enough that no server ping falls in between.
      long head = 0;
      for (int burst = 0; slowConsumerCloses() == cutOffsBefore; burst++) {
        assertThat(burst).as("bursts recorded without a cut-off").isLessThan(500);
        long written = recordChanges(db, busy, 100);
        head = written;
        int n = burst;
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(lastInvalidation(reader))
                        .as("the reader's last version after burst %d", n)
                        .isGreaterThanOrEqualTo(written));
      }

      // Every version once, in order; a refresh may have added one of its own meanwhile.
      List<Long> read = invalidationVersions(reader.messages());
      assertThat(read.get(read.size() - 1)).isGreaterThanOrEqualTo(head);
      assertThat(read).containsExactlyElementsOf(range(readerFrom + 1, read.get(read.size() - 1)));
      slow.readOn();
      EventSocket.Closed closed = slow.awaitClosed(A_WHILE);
      assertThat(reader.closed()).isEmpty();
      // On a busy machine the bursts may take so long that the node's write to the silent client
      // blocks past the transport's write timeout (30 s): the connection is aborted, which is all
      // a client that reads nothing for that long can get; its reconnect resumes (tested above).
      boolean abortedByWriteTimeout =
          closed.code() == 1006
              && Duration.between(stopped, Instant.now()).compareTo(WRITE_TIMEOUT_REACHABLE) > 0;
      if (!abortedByWriteTimeout) {
        assertThat(closed).isEqualTo(new EventSocket.Closed(1008, "slow consumer"));
        List<JsonObject> got = slow.messages();
        JsonObject resync = got.get(got.size() - 1);
        assertThat(resync.getString("type")).isEqualTo("resync");
        List<Long> delivered = invalidationVersions(got);
        assertThat(delivered)
            .isNotEmpty()
            .containsExactlyElementsOf(range(slowFrom + 1, slowFrom + delivered.size()));
        assertThat(version(resync)).isGreaterThanOrEqualTo(delivered.get(delivered.size() - 1));
      }
    }
    assertThat(Metrics.text(base))
        .contains("push_sessions", "push_resyncs_total", "push_notification_lag_seconds_total")
        .containsPattern("push_events_sent_total\\{[^}]*type=\"cache_invalidation\"");
  }

  // --- helpers

  private JsonObject invalidate(UUID organization) {
    return new AdminApi(issuer).invalidation(base, organization);
  }

  private double slowConsumerCloses() {
    return Metrics.total(base, "push_slow_consumer_closes_total");
  }

  private static Predicate<JsonObject> invalidationOf(long version) {
    return type("cache_invalidation").and(m -> version(m) == version);
  }

  /**
   * Records {@code count} invalidations of all cached data in one transaction; the last version.
   */
  private static long recordChanges(Connection db, UUID organization, int count)
      throws SQLException {
    return Sql.number(
        db,
        "SELECT max(change_log_record(?, 'manual', ARRAY['suppliers', 'locations'], false,"
            + " '[]', NULL, NULL)) FROM generate_series(1, ?)",
        organization,
        count);
  }

  private static long lastInvalidation(EventSocket client) {
    List<Long> versions = invalidationVersions(client.messages());
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
  }

  private static List<Long> invalidationVersions(List<JsonObject> messages) {
    return messages.stream()
        .filter(m -> m.getString("type").equals("cache_invalidation"))
        .map(EventSocket::version)
        .toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
