package com.procurementcache.push.boundary;

import static com.procurementcache.push.PushFixtures.change;
import static com.procurementcache.push.PushFixtures.idle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.organization.boundary.OrganizationDirectory;
import com.procurementcache.push.PushFixtures;
import com.procurementcache.push.RecordingMetrics;
import com.procurementcache.push.RecordingSender;
import com.procurementcache.push.control.CloseCause;
import com.procurementcache.push.control.Subscriber;
import com.procurementcache.push.control.Subscriptions;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.security.TestTokens;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PushSessionTest {

  private static TestTokens tokens;

  private final UUID own = UUID.randomUUID();
  private final UUID other = UUID.randomUUID();
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Subscriptions subscriptions = new Subscriptions();
  private final Feed feed = new Feed();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final RecordingSender sender = new RecordingSender();
  private final List<PushSession> ended = new ArrayList<>();

  @BeforeAll
  static void keys() {
    tokens = TestTokens.generate();
  }

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  /** The change feed as the session sees it: a version per organization, and the log. */
  private static final class Feed extends ChangeFeed {
    final Map<UUID, List<Change>> log = new ConcurrentHashMap<>();

    /** Runs while the session reads the version: the feed applying changes meanwhile. */
    LongConsumer duringVersionRead = v -> {};

    @Override
    public long version(UUID organization) {
      long version = log.getOrDefault(organization, List.of()).size();
      duringVersionRead.accept(version);
      return version;
    }

    @Override
    public Optional<List<Change>> missed(UUID organization, long after, long upTo) {
      List<Change> all = log.getOrDefault(organization, List.of());
      // As the real feed: more than the replay limit, or past the window, cannot be had.
      return after < upTo - 100
          ? Optional.empty()
          : Optional.of(List.copyOf(all.subList((int) after, (int) upTo)));
    }

    void append(UUID organization, int count) {
      List<Change> changes = log.computeIfAbsent(organization, o -> new ArrayList<>());
      for (int i = 0; i < count; i++) {
        changes.add(change(organization, changes.size() + 1));
      }
    }
  }

  private PushServices services(Map<String, String> settings) {
    OrganizationDirectory directory =
        new OrganizationDirectory() {
          @Override
          public boolean exists(UUID id) {
            return Set.of(own, other).contains(id);
          }
        };
    RefreshWatcher progress =
        new RefreshWatcher() {
          @Override
          public RefreshProgress current(UUID organization) {
            return idle(organization, PushSessionTest.this.clock.instant());
          }
        };
    return new PushServices(
        tokens.verifier(clock),
        subscriptions,
        feed,
        directory,
        progress,
        PushFixtures.settings(settings),
        metrics,
        scheduler,
        Runnable::run,
        clock);
  }

  private PushSession open(Map<String, String> settings) {
    PushSession session = new PushSession(sender, services(settings), ended::add);
    session.opened(true);
    return session;
  }

  private PushSession open() {
    return open(Map.of());
  }

  private PushSession authenticated(String token) {
    PushSession session = open();
    session.received("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
    return session;
  }

  private PushSession viewer() {
    return authenticated(tokens.viewer(own, inAnHour()));
  }

  private static Instant inAnHour() {
    return Instant.now().plus(Duration.ofHours(1));
  }

  private static String subscribe(UUID organization, Long lastVersion) {
    return "{\"type\":\"subscribe\",\"organizationId\":\""
        + organization
        + "\""
        + (lastVersion == null ? "" : ",\"lastVersion\":" + lastVersion)
        + "}";
  }

  // --- authentication

  @Test
  void closesASocketThatSendsNoTokenInTime() {
    PushSession session = open(Map.of("push.auth-timeout", "PT0.2S"));

    await().atMost(Duration.ofSeconds(5)).until(() -> sender.closed() != null);

    assertThat(sender.closed()).isEqualTo(CloseCause.AUTHENTICATION_REQUIRED);
    assertThat(session.state()).isEqualTo(PushSession.State.CLOSED);
    assertThat(ended).containsExactly(session);
  }

  @Test
  void anotherMessageBeforeTheTokenIsRefused() {
    open().received("{\"type\":\"ping\"}");

    assertThat(sender.closed()).isEqualTo(CloseCause.AUTHENTICATION_REQUIRED);
  }

  @Test
  void anUnreadableMessageIsRefused() {
    viewer().received("{\"type\":\"subscribe\",\"organizationId\":\"nope\"}");

    assertThat(sender.closed()).isEqualTo(CloseCause.BAD_MESSAGE);
  }

  @Test
  void aForgedTokenIsInvalidAnExpiredOneExpired() {
    authenticated(TestTokens.generate().viewer(own, inAnHour()));
    assertThat(sender.closed()).isEqualTo(CloseCause.INVALID_TOKEN);

    RecordingSender second = new RecordingSender();
    PushSession expired = new PushSession(second, services(Map.of()), s -> {});
    expired.opened(true);
    expired.received(
        "{\"type\":\"auth\",\"token\":\""
            + tokens.viewer(own, Instant.now().minusSeconds(5))
            + "\"}");
    assertThat(second.closed()).isEqualTo(CloseCause.TOKEN_EXPIRED);
  }

  @Test
  void aGoodTokenIsAcknowledgedWithItsSubjectAndExpiry() {
    Instant expiry = inAnHour().truncatedTo(ChronoUnit.SECONDS);

    authenticated(tokens.viewer(own, expiry));

    JsonObject authenticated = sender.sent().get(0);
    assertThat(authenticated.getString("type")).isEqualTo("authenticated");
    assertThat(authenticated.getString("subject")).isEqualTo("viewer@" + own);
    assertThat(authenticated.getString("expiresAt")).isEqualTo(expiry.toString());
    assertThat(sender.closed()).isNull();
  }

  @Test
  void theSocketClosesWhenTheTokenExpires() {
    PushSession session =
        authenticated(
            tokens.viewer(own, Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS)));
    session.received(subscribe(own, null));

    await().atMost(Duration.ofSeconds(5)).until(() -> sender.closed() != null);

    assertThat(sender.closed()).isEqualTo(CloseCause.TOKEN_EXPIRED);
    assertThat(subscriptions.count()).isZero();
  }

  @Test
  void aSecondTokenIsRefused() {
    PushSession session = viewer();

    session.received("{\"type\":\"auth\",\"token\":\"" + tokens.viewer(own, inAnHour()) + "\"}");

    assertThat(sender.closed()).isEqualTo(CloseCause.BAD_MESSAGE);
  }

  @Test
  void aRefusedOriginIsClosedAtOnce() {
    PushSession session = new PushSession(sender, services(Map.of()), ended::add);

    session.opened(false);

    assertThat(sender.closed()).isEqualTo(CloseCause.ORIGIN_NOT_ALLOWED);
  }

  // --- subscriptions

  @Test
  void aViewerMayFollowOnlyItsOwnOrganization() {
    viewer().received(subscribe(other, null));

    assertThat(sender.closed()).isEqualTo(CloseCause.FORBIDDEN_ORGANIZATION);
    assertThat(subscriptions.count()).isZero();
  }

  @Test
  void anAdminMayFollowAnyOrganizationThatExists() {
    PushSession admin = authenticated(tokens.admin(inAnHour()));
    admin.received(subscribe(own, null));
    admin.received(subscribe(other, null));
    assertThat(sender.closed()).isNull();
    assertThat(subscriptions.count()).isEqualTo(2);

    admin.received(subscribe(UUID.randomUUID(), null));

    assertThat(sender.closed()).isEqualTo(CloseCause.FORBIDDEN_ORGANIZATION);
    assertThat(subscriptions.count()).isZero();
  }

  @Test
  void subscribingWithoutALastVersionGivesTheVersionAResyncAndTheRefreshStatus() {
    feed.append(own, 4);

    viewer().received(subscribe(own, null));

    assertThat(sender.types())
        .containsExactly("authenticated", "subscribed", "resync", "refresh_status");
    JsonObject subscribed = sender.sent().get(1);
    assertThat(subscribed.getJsonNumber("version").longValue()).isEqualTo(4);
    assertThat(subscribed.getBoolean("recovered")).isFalse();
  }

  @Test
  void resumingGivesExactlyTheChangesMissed() {
    feed.append(own, 7);

    viewer().received(subscribe(own, 4L));

    assertThat(sender.sent().get(1).getBoolean("recovered")).isTrue();
    assertThat(sender.versions()).containsExactly(5L, 6L, 7L);
  }

  @Test
  void aClientThatIsUpToDateGetsNoReplay() {
    feed.append(own, 3);

    viewer().received(subscribe(own, 3L));

    assertThat(sender.types()).containsExactly("authenticated", "subscribed", "refresh_status");
    assertThat(sender.sent().get(1).getBoolean("recovered")).isTrue();
  }

  @Test
  void aLastVersionAheadOfTheNodeOrPastTheLogMeansReload() {
    feed.append(own, 3);
    PushSession session = viewer();

    session.received(subscribe(own, 9L));
    assertThat(sender.types()).endsWith("subscribed", "resync", "refresh_status");

    feed.append(own, 200);
    session.received(subscribe(own, 1L));
    assertThat(sender.types()).endsWith("subscribed", "resync", "refresh_status");
    assertThat(sender.sent().get(sender.sent().size() - 3).getBoolean("recovered")).isFalse();
  }

  @Test
  void changesAppliedWhileSubscribingArriveOnceAndInOrder() {
    feed.append(own, 5);
    feed.duringVersionRead =
        version -> {
          // The feed applies 5 (again: it reached this subscriber after the version was read)
          // and 6 while the session reads the version.
          Change five = feed.log.get(own).get(4);
          feed.append(own, 1);
          Change six = feed.log.get(own).get(5);
          subscriptions.of(own).forEach(s -> s.changed(five));
          subscriptions.of(own).forEach(s -> s.changed(six));
          feed.duringVersionRead = v -> {};
        };

    viewer().received(subscribe(own, 2L));

    assertThat(sender.versions()).containsExactly(3L, 4L, 5L, 6L);
    subscriptions.of(own).forEach(s -> s.changed(feed.log.get(own).get(5)));
    feed.append(own, 1);
    subscriptions.of(own).forEach(s -> s.changed(feed.log.get(own).get(6)));
    assertThat(sender.versions()).containsExactly(3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void afterUnsubscribingNoMoreChangesCome() {
    feed.append(own, 1);
    PushSession session = viewer();
    session.received(subscribe(own, 1L));
    Subscriber subscriber = subscriptions.of(own).get(0);

    session.received("{\"type\":\"unsubscribe\",\"organizationId\":\"" + own + "\"}");
    subscriber.changed(change(own, 2));

    assertThat(subscriptions.count()).isZero();
    assertThat(sender.versions()).isEmpty();
  }

  @Test
  void answersAPingWithAPong() {
    viewer().received("{\"type\":\"ping\"}");

    assertThat(sender.types()).containsExactly("authenticated", "pong");
  }

  @Test
  void aSlowConsumerLeavesTheSubscriptionsAtOnce() {
    PushSession session = open(Map.of("push.queue-size", "4"));
    session.received("{\"type\":\"auth\",\"token\":\"" + tokens.viewer(own, inAnHour()) + "\"}");
    session.received(subscribe(own, 0L));
    sender.hold();
    for (int v = 1; v <= 10; v++) {
      Change change = change(own, v);
      subscriptions.of(own).forEach(s -> s.changed(change));
    }

    assertThat(subscriptions.count()).isZero();
    assertThat(metrics.slowConsumerCloses).hasValue(1);
    sender.release();
    assertThat(sender.types()).last().isEqualTo("resync");
    assertThat(sender.closed()).isEqualTo(CloseCause.SLOW_CONSUMER);
  }

  @Test
  void theFeedFailingClosesWithAServerError() {
    feed.duringVersionRead =
        v -> {
          throw new IllegalStateException("database down");
        };

    viewer().received(subscribe(own, null));

    assertThat(sender.closed()).isEqualTo(CloseCause.SERVER_ERROR);
    assertThat(subscriptions.count()).isZero();
  }

  @Test
  void whenTheClientLeavesItsSubscriptionsGo() {
    PushSession session = viewer();
    session.received(subscribe(own, null));

    session.closed();

    assertThat(subscriptions.count()).isZero();
    assertThat(ended).containsExactly(session);
    assertThat(sender.closed()).isNull();
  }

  // --- the gateway's sweep

  @Test
  void theSweepPingsALiveSocketAndClosesASilentOne() {
    PushSession session = viewer();

    session.sweep(Instant.now());
    assertThat(sender.pings()).isEqualTo(1);

    session.sweep(Instant.now().plus(Duration.ofMinutes(3)));
    assertThat(sender.closed()).isEqualTo(CloseCause.IDLE);
  }
}
