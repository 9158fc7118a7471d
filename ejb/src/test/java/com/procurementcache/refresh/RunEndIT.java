package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.refresh.RefreshNodes.Node;
import com.procurementcache.refresh.control.NightWatch;
import com.procurementcache.refresh.control.RunLease;
import com.procurementcache.refresh.control.RunSummary;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.webhook.control.WebhookOutbox;
import com.procurementcache.webhook.control.WebhookSettings;
import com.procurementcache.webhook.entity.WebhookEventType;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The end of a run and its summary message, and a missed night and its alert, against a real
 * PostgreSQL: each pair commits together or not at all. The messages are queued as the node queues
 * them, by the webhook outbox on the connection of the transaction that ends the run.
 */
class RunEndIT {

  RefreshDatabase db;
  SimulatedClock clock;
  WebhookOutbox outbox;
  Node a;
  Node b;

  @BeforeEach
  void createDatabase() throws Exception {
    db = RefreshDatabase.create();
    clock = new SimulatedClock(RefreshEngineIT.SUMMER_NIGHT);
    outbox =
        new WebhookOutbox(
            db.dataSource(),
            clock,
            new WebhookSettings(
                Optional.of(URI.create("http://127.0.0.1:9/hook")),
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10)));
    a = node("a");
    b = node("b");
  }

  @AfterEach
  void dropDatabase() throws Exception {
    a.close();
    b.close();
    db.close();
  }

  /** A node that queues run summaries and missed-night alerts as the container's does. */
  Node node(String name) {
    Node node = new Node(name, db, RefreshNodes.settings(), clock);
    node.events.ending =
        (c, report, outcomes) -> {
          WebhookEventType type = RunSummary.eventType(report);
          outbox.enqueue(
              c,
              type,
              report.id(),
              RunSummary.body(type, RunSummary.of(report, outcomes), clock.instant()));
        };
    node.missedAlert =
        (c, night, scheduledAt) ->
            outbox.enqueue(
                c,
                WebhookEventType.NIGHTLY_UPDATE_MISSED,
                null,
                "{\"type\": \"nightly_update_missed\", \"night\": \"" + night + "\"}");
    return node;
  }

  /** From now on every insert into the delivery ledger fails, as on a broken ledger. */
  void breakTheLedger() throws Exception {
    db.execute(
        """
        CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the ledger refuses this message'; END $$;
        CREATE TRIGGER refuse_delivery BEFORE INSERT ON webhook_deliveries
          FOR EACH ROW EXECUTE FUNCTION refuse_delivery();
        """);
  }

  void repairTheLedger() throws Exception {
    db.execute("DROP TRIGGER refuse_delivery ON webhook_deliveries");
  }

  long messages(UUID run) throws Exception {
    return db.count("SELECT count(*) FROM webhook_deliveries WHERE run_id = '" + run + "'");
  }

  @Test
  void aRunEndsWithExactlyOneSummaryMessage() throws Exception {
    RunLease lease = a.startRun(true, clock.instant(), Duration.ofMinutes(5));

    RunReport run = a.engine.run(a.engine.prepare(lease)).orElseThrow();

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(messages(run.id())).isEqualTo(1);
    assertThat(
            db.count(
                "SELECT count(*) FROM webhook_deliveries WHERE event_type = 'nightly_update_complete'"
                    + " AND body::jsonb ->> 'type' = 'nightly_update_complete'"))
        .isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM webhook_deliveries")).isEqualTo(1);
  }

  @Test
  void aRunWhoseSummaryCannotBeQueuedIsNotEndedAndTheNodeThatTakesItOverEndsItWithOne()
      throws Exception {
    RunLease lease = a.startRun(true, clock.instant(), Duration.ofSeconds(30));
    breakTheLedger();

    assertThatThrownBy(() -> a.engine.run(a.engine.prepare(lease)))
        .hasStackTraceContaining("the ledger refuses this message");

    RunReport unended = a.history.find(lease.runId()).orElseThrow();
    assertThat(unended.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(unended.endedAt()).isNull();
    assertThat(unended.organizationsDone()).isEqualTo(db.activeOrganizations().size());
    assertThat(messages(lease.runId())).isZero();

    repairTheLedger();
    clock.advance(Duration.ofSeconds(31)); // a's lease runs out
    RunReport ended = b.tick().orElseThrow();

    assertThat(ended.id()).isEqualTo(lease.runId());
    assertThat(ended.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(ended.leaseOwner()).isEqualTo("b");
    assertThat(messages(lease.runId())).isEqualTo(1);
  }

  @Test
  void aMissedNightWhoseAlertCannotBeQueuedIsNotRecordedUntilBothCanBe() throws Exception {
    assertThat(a.tick()).isPresent(); // the first night runs
    clock.set(RefreshEngineIT.SUMMER_NIGHT.plus(Duration.ofDays(1)).plus(Duration.ofHours(8)));
    breakTheLedger();

    assertThatThrownBy(() -> a.watch.checkSchedule())
        .hasStackTraceContaining("the ledger refuses this message");
    assertThat(db.count("SELECT count(*) FROM refresh_runs WHERE status = 'missed'")).isZero();

    repairTheLedger();
    assertThat(b.watch.checkSchedule()).isInstanceOf(NightWatch.Missed.class);
    assertThat(a.watch.checkSchedule()).isInstanceOf(NightWatch.Idle.class);

    assertThat(db.count("SELECT count(*) FROM refresh_runs WHERE status = 'missed'")).isEqualTo(1);
    assertThat(
            db.count(
                "SELECT count(*) FROM webhook_deliveries"
                    + " WHERE event_type = 'nightly_update_missed'"))
        .isEqualTo(1);
  }
}
