package com.procurementcache.push.control;

import static com.procurementcache.push.PushFixtures.change;
import static com.procurementcache.push.PushFixtures.idle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.procurementcache.push.PushFixtures;
import com.procurementcache.push.RecordingMetrics;
import com.procurementcache.push.RecordingSender;
import com.procurementcache.push.entity.Change;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SessionOutboxTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:02Z");

  private final UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private final UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private final RecordingSender sender = new RecordingSender();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final AtomicInteger cutOffs = new AtomicInteger();
  private Executor writer = Runnable::run;

  private SessionOutbox outbox(boolean admin, int queueSize) {
    PushSettings settings =
        PushFixtures.settings(
            Map.of("push.queue-size", "" + queueSize, "push.replay-limit", "1000"));
    return new SessionOutbox(
        sender,
        writer,
        admin,
        settings,
        metrics,
        Clock.fixed(NOW, ZoneOffset.UTC),
        cutOffs::incrementAndGet);
  }

  private void subscribe(SessionOutbox outbox, UUID org, long version, List<Change> replay) {
    outbox.beginSubscription(org);
    outbox.completeSubscription(org, version, Optional.of(replay), idle(org, NOW));
  }

  @Test
  void sendsOneMessageAtATimeInTheOrderQueued() {
    SessionOutbox outbox = outbox(false, 256);
    subscribe(outbox, a, 0, List.of());
    sender.hold();

    for (long v = 1; v <= 5; v++) {
      outbox.changed(change(a, v));
    }
    assertThat(sender.versions()).containsExactly(1L);

    sender.release();

    assertThat(sender.versions()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(sender.mostInFlight()).isEqualTo(1);
  }

  @Test
  void aSubscriptionSaysSubscribedThenTheReplayThenTheRefreshStatus() {
    SessionOutbox outbox = outbox(false, 256);

    subscribe(outbox, a, 5, List.of(change(a, 3), change(a, 4), change(a, 5)));

    assertThat(sender.types())
        .containsExactly(
            "subscribed",
            "cache_invalidation",
            "cache_invalidation",
            "cache_invalidation",
            "refresh_status");
    JsonObject subscribed = sender.sent().get(0);
    assertThat(subscribed.getString("organizationId")).isEqualTo(a.toString());
    assertThat(subscribed.getJsonNumber("version").longValue()).isEqualTo(5);
    assertThat(subscribed.getBoolean("recovered")).isTrue();
    assertThat(sender.versions()).containsExactly(3L, 4L, 5L);
  }

  @Test
  void withoutAReplayTheClientIsToldToResync() {
    SessionOutbox outbox = outbox(false, 256);
    outbox.beginSubscription(a);

    outbox.completeSubscription(a, 7, Optional.empty(), idle(a, NOW));

    assertThat(sender.types()).containsExactly("subscribed", "resync", "refresh_status");
    assertThat(sender.sent().get(0).getBoolean("recovered")).isFalse();
    assertThat(sender.sent().get(1).getJsonNumber("version").longValue()).isEqualTo(7);
    assertThat(metrics.resyncs).hasValue(1);
  }

  @Test
  void dropsLiveChangesTheReplayAlreadyGave() {
    SessionOutbox outbox = outbox(false, 256);
    subscribe(outbox, a, 5, List.of(change(a, 4), change(a, 5)));

    outbox.changed(change(a, 4));
    outbox.changed(change(a, 5));
    outbox.changed(change(a, 6));
    outbox.changed(change(a, 6));
    outbox.changed(change(a, 7));

    assertThat(sender.versions()).containsExactly(4L, 5L, 6L, 7L);
  }

  @Test
  void liveChangesDuringTheSubscriptionWaitAndTheNewerOnesFollowTheReplay() {
    SessionOutbox outbox = outbox(false, 256);
    outbox.beginSubscription(a);
    // The feed applies 6 and 7 while the session reads the version (6) and the replay.
    outbox.changed(change(a, 6));
    outbox.changed(change(a, 7));
    assertThat(sender.sent()).isEmpty();

    outbox.completeSubscription(
        a, 6, Optional.of(List.of(change(a, 5), change(a, 6))), idle(a, NOW));

    assertThat(sender.types())
        .containsExactly(
            "subscribed",
            "cache_invalidation",
            "cache_invalidation",
            "refresh_status",
            "cache_invalidation");
    assertThat(sender.versions()).containsExactly(5L, 6L, 7L);
  }

  @Test
  void aRefreshStatusSeenDuringTheSubscriptionReplacesAnOlderReading() {
    SessionOutbox outbox = outbox(false, 256);
    outbox.beginSubscription(a);
    outbox.refreshStatus(idle(a, NOW.plusSeconds(1)));

    outbox.completeSubscription(a, 0, Optional.of(List.of()), idle(a, NOW));

    assertThat(sender.sent().get(1).getString("at")).isEqualTo(NOW.plusSeconds(1).toString());
  }

  @Test
  void givesOnlyTheOrganizationsFollowed() {
    SessionOutbox outbox = outbox(false, 256);
    subscribe(outbox, a, 0, List.of());

    outbox.changed(change(b, 1));
    outbox.refreshStatus(idle(b, NOW));
    outbox.changed(change(a, 1));
    outbox.unsubscribe(a);
    outbox.changed(change(a, 2));

    assertThat(sender.sent())
        .extracting(m -> m.getString("organizationId"))
        .containsOnly(a.toString());
    assertThat(sender.versions()).containsExactly(1L);
  }

  @Test
  void aViewerSeesNoRunWideCountsAnAdminDoes() {
    subscribe(outbox(false, 256), a, 0, List.of());
    JsonObject viewers = sender.sent().get(1);
    RecordingSender adminSocket = new RecordingSender();
    SessionOutbox admin =
        new SessionOutbox(
            adminSocket,
            Runnable::run,
            true,
            PushFixtures.settings(Map.of()),
            metrics,
            Clock.fixed(NOW, ZoneOffset.UTC),
            () -> {});
    admin.beginSubscription(a);
    admin.completeSubscription(a, 0, Optional.of(List.of()), idle(a, NOW));
    JsonObject admins = adminSocket.sent().get(1);

    assertThat(viewers.getString("type")).isEqualTo("refresh_status");
    assertThat(viewers).doesNotContainKeys("organizationsDone", "organizationsTotal");
    assertThat(viewers.getString("state")).isEqualTo("completed");
    assertThat(viewers.getString("organizationState")).isEqualTo("done");
    assertThat(admins.getInt("organizationsDone")).isEqualTo(40);
    assertThat(admins.getInt("organizationsTotal")).isEqualTo(40);
  }

  @Test
  void aClientThatFallsBehindIsToldToResyncEachOrganizationThenClosed() {
    SessionOutbox outbox = outbox(false, 3);
    subscribe(outbox, a, 0, List.of());
    subscribe(outbox, b, 10, List.of());
    sender.hold();
    outbox.changed(change(a, 1)); // in flight
    outbox.changed(change(b, 11));
    outbox.changed(change(a, 2));
    outbox.changed(change(b, 12));
    assertThat(cutOffs).hasValue(0);

    outbox.changed(change(a, 3)); // the fourth waiting: one too many
    outbox.changed(change(a, 4)); // ignored: cut off

    assertThat(cutOffs).hasValue(1);
    assertThat(metrics.slowConsumerCloses).hasValue(1);
    assertThat(sender.closed()).isNull();
    sender.release();
    List<JsonObject> last = sender.sent().subList(sender.sent().size() - 3, sender.sent().size());
    assertThat(last)
        .extracting(m -> m.getString("type"), m -> m.getString("organizationId"))
        .containsExactly(
            tuple("cache_invalidation", a.toString()),
            tuple("resync", a.toString()),
            tuple("resync", b.toString()));
    assertThat(last.get(1).getJsonNumber("version").longValue()).isEqualTo(3);
    assertThat(last.get(2).getJsonNumber("version").longValue()).isEqualTo(12);
    assertThat(sender.closed()).isEqualTo(CloseCause.SLOW_CONSUMER);
    assertThat(metrics.resyncs).hasValue(2);
  }

  @Test
  void theSocketIsWrittenOnTheWriterNeverOnTheCallersThread() throws Exception {
    ExecutorService writers = Executors.newSingleThreadExecutor(r -> new Thread(r, "writer"));
    writer = writers;
    AtomicReference<String> writingThread = new AtomicReference<>();
    RecordingSender socket = new RecordingSender();
    Sender watched =
        new Sender() {
          @Override
          public void send(String text, Consumer<Throwable> done) {
            writingThread.compareAndSet(null, Thread.currentThread().getName());
            socket.send(text, done);
          }

          @Override
          public void ping() {}

          @Override
          public void close(CloseCause cause) {}
        };
    SessionOutbox outbox =
        new SessionOutbox(
            watched,
            writers,
            false,
            PushFixtures.settings(Map.of()),
            metrics,
            Clock.fixed(NOW, ZoneOffset.UTC),
            () -> {});

    subscribe(outbox, a, 0, List.of());
    writers.shutdown();
    writers.awaitTermination(5, TimeUnit.SECONDS);

    assertThat(writingThread).hasValue("writer");
    assertThat(socket.types()).containsExactly("subscribed", "refresh_status");
  }

  @Test
  void pingsAndClosesWaitForTheMessageInFlight() {
    SessionOutbox outbox = outbox(false, 256);
    subscribe(outbox, a, 0, List.of());
    sender.hold();
    outbox.changed(change(a, 1));
    outbox.changed(change(a, 2));

    outbox.ping();
    outbox.close(CloseCause.TOKEN_EXPIRED);
    assertThat(sender.pings()).isZero();
    assertThat(sender.closed()).isNull();
    sender.release();

    assertThat(sender.versions()).containsExactly(1L);
    assertThat(sender.closed()).isEqualTo(CloseCause.TOKEN_EXPIRED);
  }

  @Test
  void theCallerNeverWaitsForASlowClient() {
    SessionOutbox outbox = outbox(false, 256);
    subscribe(outbox, a, 0, List.of());
    sender.hold();

    long started = System.nanoTime();
    LongStream.rangeClosed(1, 10_000).forEach(v -> outbox.changed(change(a, v)));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(cutOffs).hasValue(1);
  }

  @Test
  void aLongQueueOfSendsThatCompleteAtOnceDoesNotDeepenTheStack() {
    SessionOutbox outbox = outbox(false, 100_000);
    subscribe(outbox, a, 0, List.of());
    sender.hold();
    LongStream.rangeClosed(1, 20_000).forEach(v -> outbox.changed(change(a, v)));

    sender.release();

    assertThat(sender.versions()).hasSize(20_000).endsWith(19_999L, 20_000L);
  }

  @Test
  void measuresTheLagOfLiveChangesOnly() {
    SessionOutbox outbox = outbox(false, 256);
    subscribe(outbox, a, 1, List.of(change(a, 1, NOW.minusSeconds(3600))));

    outbox.changed(change(a, 2, NOW.minusMillis(40)));

    assertThat(metrics.lags).containsExactly(Duration.ofMillis(40));
    assertThat(metrics.sentTypes)
        .containsExactly(
            "subscribed", "cache_invalidation", "refresh_status", "cache_invalidation");
  }

  @Test
  void aBrokenSocketStopsTheSending() {
    SessionOutbox outbox = outbox(false, 256);
    subscribe(outbox, a, 0, List.of());
    sender.hold();
    outbox.changed(change(a, 1));
    outbox.changed(change(a, 2));

    sender.fail();
    sender.release();
    outbox.changed(change(a, 3));

    assertThat(sender.versions()).containsExactly(1L);
  }
}
