package com.procurementcache.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.demo.control.SigningKeys;
import com.procurementcache.demo.control.TokenIssuer;
import com.procurementcache.it.Http;
import com.procurementcache.it.Metrics;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.PushClient;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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

  private static UUID own;
  private static UUID other;

  @BeforeAll
  static void organizations() throws SQLException {
    own = TestOrganization.active("Push own").id();
    other = TestOrganization.active("Push other").id();
  }

  private PushClient viewerOf(UUID organization) {
    PushClient client =
        PushClient.connect(base).auth(issuer.viewer("viewer", organization, FIVE_MINUTES));
    assertThat(client.next().getString("type")).isEqualTo("authenticated");
    return client;
  }

  // --- refusals

  @Test
  void aSocketWithoutATokenIsClosedAfterTheAuthTimeout() {
    Instant opened = Instant.now();
    try (PushClient client = PushClient.connect(base)) {
      PushClient.Closed closed = client.awaitClose(AUTH_TIMEOUT.multipliedBy(3));

      assertThat(closed).isEqualTo(new PushClient.Closed(1008, "authentication required"));
      assertThat(Duration.between(opened, Instant.now()))
          .isGreaterThan(AUTH_TIMEOUT.minusSeconds(1));
    }
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefused() {
    String forged =
        new TokenIssuer(SigningKeys.generate().privateKey()).viewer("mallory", own, FIVE_MINUTES);

    try (PushClient client = PushClient.connect(base).auth(forged)) {
      assertThat(client.awaitClose(A_WHILE))
          .isEqualTo(new PushClient.Closed(1008, "invalid token"));
    }
  }

  @Test
  void anExpiredTokenIsRefusedAsExpired() {
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    String expired =
        issuer.issue("viewer", List.of("viewer"), own, hourAgo, hourAgo.plus(FIVE_MINUTES));

    try (PushClient client = PushClient.connect(base).auth(expired)) {
      assertThat(client.awaitClose(A_WHILE))
          .isEqualTo(new PushClient.Closed(1008, "token expired"));
    }
  }

  @Test
  void aViewerCannotFollowAnotherOrganization() {
    try (PushClient client = viewerOf(own)) {
      client.subscribe(other, null);

      assertThat(client.awaitClose(A_WHILE))
          .isEqualTo(new PushClient.Closed(1008, "forbidden organization"));
    }
  }

  @Test
  void anAdminCannotFollowAnOrganizationThatDoesNotExist() {
    try (PushClient client = PushClient.connect(base).auth(admin())) {
      client.next("authenticated");
      client.subscribe(UUID.randomUUID(), null);

      assertThat(client.awaitClose(A_WHILE))
          .isEqualTo(new PushClient.Closed(1008, "forbidden organization"));
    }
  }

  @Test
  void aPageOfAnotherSiteIsRefusedAnAllowedOneIsNot() {
    try (PushClient foreign = PushClient.connect(base, "https://evil.example")) {
      assertThat(foreign.awaitClose(A_WHILE))
          .isEqualTo(new PushClient.Closed(1008, "origin not allowed"));
    }
    // One of the shipped push.allowed-origins.
    try (PushClient local = PushClient.connect(base, "http://localhost:8080")) {
      local.auth(issuer.viewer("viewer", own, FIVE_MINUTES));
      assertThat(local.next().getString("type")).isEqualTo("authenticated");
    }
  }

  @Test
  void anUnreadableMessageIsRefused() {
    try (PushClient client = viewerOf(own)) {
      client.send("{\"type\":\"subscribe\",\"organizationId\":\"not-a-uuid\"}");

      assertThat(client.awaitClose(A_WHILE)).isEqualTo(new PushClient.Closed(1008, "bad message"));
    }
  }

  @Test
  void theSocketClosesWhenTheTokenExpires() {
    Instant now = Instant.now();
    Instant expiry = now.plusSeconds(3);
    String shortLived = issuer.issue("viewer", List.of("viewer"), own, now, expiry);

    try (PushClient client = PushClient.connect(base).auth(shortLived)) {
      JsonObject authenticated = client.next();
      assertThat(authenticated.getString("type")).isEqualTo("authenticated");
      assertThat(Instant.parse(authenticated.getString("expiresAt")))
          .isEqualTo(Instant.ofEpochSecond(expiry.getEpochSecond()));
      client.subscribe(own, null);

      assertThat(client.awaitClose(A_WHILE))
          .isEqualTo(new PushClient.Closed(1008, "token expired"));
      assertThat(Instant.now()).isAfterOrEqualTo(Instant.ofEpochSecond(expiry.getEpochSecond()));
    }
  }

  // --- following an organization

  @Test
  void aViewerFollowsItsOwnOrganization() {
    try (PushClient client = viewerOf(own)) {
      client.subscribe(own, null);

      JsonObject subscribed = client.next();
      assertThat(subscribed.getString("type")).isEqualTo("subscribed");
      assertThat(subscribed.getString("organizationId")).isEqualTo(own.toString());
      assertThat(subscribed.getJsonNumber("version").longValue()).isNotNegative();
      assertThat(subscribed.getBoolean("recovered")).isFalse();
      JsonObject resync = client.next();
      assertThat(resync.getString("type")).isEqualTo("resync");
      assertThat(resync.getJsonNumber("version").longValue())
          .isEqualTo(subscribed.getJsonNumber("version").longValue());
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
    try (PushClient client = viewerOf(own)) {
      client.send("{\"type\":\"ping\"}");

      assertThat(client.next().getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void anAdminsInvalidationReachesTheSubscriberOnce() {
    try (PushClient client = viewerOf(own)) {
      client.subscribe(own, null);
      long subscribedAt = client.next("subscribed").getJsonNumber("version").longValue();
      client.next("refresh_status");

      JsonObject invalidation = invalidate(own);
      long version = invalidation.getJsonNumber("version").longValue();

      JsonObject event =
          client.next(
              m ->
                  m.getString("type").equals("cache_invalidation")
                      && m.getJsonNumber("version").longValue() == version);
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
      assertThat(invalidationVersions(client.received()))
          .containsExactlyElementsOf(range(subscribedAt + 1, version));
    }
  }

  @Test
  void aClientThatReconnectsGetsExactlyWhatItMissed() {
    long seen;
    try (PushClient first = viewerOf(own)) {
      first.subscribe(own, null);
      first.next("refresh_status");
      seen = invalidate(own).getJsonNumber("version").longValue();
      first.next(
          m ->
              m.getString("type").equals("cache_invalidation")
                  && m.getJsonNumber("version").longValue() == seen);
    }
    long last = 0;
    for (int i = 0; i < 3; i++) {
      last = invalidate(own).getJsonNumber("version").longValue();
    }
    long missedUpTo = last;

    try (PushClient second = viewerOf(own)) {
      second.subscribe(own, seen);

      JsonObject subscribed = second.next();
      assertThat(subscribed.getString("type")).isEqualTo("subscribed");
      assertThat(subscribed.getBoolean("recovered")).isTrue();
      second.next(
          m ->
              m.getString("type").equals("cache_invalidation")
                  && m.getJsonNumber("version").longValue() == missedUpTo);
      assertThat(invalidationVersions(second.received()))
          .containsExactlyElementsOf(range(seen + 1, missedUpTo));
      assertThat(second.received()).noneMatch(m -> m.getString("type").equals("resync"));
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
    double cutOffsBefore = counter("push_slow_consumer_closes_total");
    try (PushClient slow = viewerOf(busy);
        PushClient reader = viewerOf(busy);
        Connection db = TestEnvironment.database().connect()) {
      slow.subscribe(busy, null);
      long slowFrom = slow.next("subscribed").getJsonNumber("version").longValue();
      slow.next("refresh_status");
      slow.stopReading();
      reader.subscribe(busy, null);
      long readerFrom = reader.next("subscribed").getJsonNumber("version").longValue();

      // Changes come in bursts of a hundred, as many admins' invalidations would, until the node
      // cuts the slow client off (the kernel buffers some megabytes first); the reader keeps up
      // with every burst meanwhile. Quick enough that no server ping falls in between.
      long head = 0;
      for (int burst = 0; counter("push_slow_consumer_closes_total") == cutOffsBefore; burst++) {
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
      List<Long> read = invalidationVersions(reader.received());
      assertThat(read.get(read.size() - 1)).isGreaterThanOrEqualTo(head);
      assertThat(read).containsExactlyElementsOf(range(readerFrom + 1, read.get(read.size() - 1)));
      slow.readOn();
      assertThat(slow.awaitClose(A_WHILE)).isEqualTo(new PushClient.Closed(1008, "slow consumer"));
      List<JsonObject> got = slow.received();
      JsonObject resync = got.get(got.size() - 1);
      assertThat(resync.getString("type")).isEqualTo("resync");
      List<Long> delivered = invalidationVersions(got);
      assertThat(delivered)
          .isNotEmpty()
          .containsExactlyElementsOf(range(slowFrom + 1, slowFrom + delivered.size()));
      assertThat(resync.getJsonNumber("version").longValue())
          .isGreaterThanOrEqualTo(delivered.get(delivered.size() - 1));
      assertThat(reader.isClosed()).isFalse();
    }
    assertThat(Metrics.text(base))
        .contains("push_sessions", "push_resyncs_total", "push_notification_lag_seconds_count")
        .containsPattern("push_events_sent_total\\{[^}]*type=\"cache_invalidation\"");
  }

  // --- helpers

  private JsonObject invalidate(UUID organization) {
    HttpResponse<String> response =
        Http.send(
            base,
            "POST",
            "api/v1/organizations/" + organization + "/cache/invalidations",
            admin(),
            null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.json(response).asJsonObject();
  }

  /**
   * Records {@code count} invalidations of all cached data in one transaction; the last version.
   */
  private static long recordChanges(Connection db, UUID organization, int count)
      throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT max(change_log_record(?, 'manual', ARRAY['suppliers', 'locations'], false,"
                + " '[]', NULL, NULL)) FROM generate_series(1, ?)")) {
      s.setObject(1, organization);
      s.setInt(2, count);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long lastInvalidation(PushClient client) {
    List<Long> versions = invalidationVersions(client.received());
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
  }

  private static List<Long> invalidationVersions(List<JsonObject> messages) {
    return messages.stream()
        .filter(m -> m.getString("type").equals("cache_invalidation"))
        .map(m -> m.getJsonNumber("version").longValue())
        .toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  /** A counter of this node, summed over its tags; 0 before it exists. */
  private double counter(String name) {
    return Metrics.text(base)
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
