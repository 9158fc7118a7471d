package com.procurementcache.push;

import static com.procurementcache.it.ChangeLogRows.rows;
import static com.procurementcache.it.EventSocket.about;
import static com.procurementcache.it.EventSocket.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.AdminApi;
import com.procurementcache.it.ChangeLogRows;
import com.procurementcache.it.ChangeLogRows.Row;
import com.procurementcache.it.EventSocket;
import com.procurementcache.it.Http;
import com.procurementcache.it.Metrics;
import com.procurementcache.it.MicroNode;
import com.procurementcache.it.NodePair;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.Sql;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import com.procurementcache.refresh.control.OrganizationRefresher;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The push stream when a node or its listening connection fails, on two Payara Micro nodes: a node
 * killed in the middle of a refresh run leaves the other node's clients every change it committed,
 * once, and the other node serves the new figures (and finishes the run); a listening connection
 * cut by PostgreSQL costs at most one poll interval, and the listener comes back. The tests are
 * independent of their order: only node A is killed, only node B's listener is cut.
 */
class PushFailoverIT {

  private static final Duration POLL = Duration.ofSeconds(1);
  // The listener waits this long before it reconnects: a change made meanwhile comes by the poll.
  private static final Duration LISTENER_BACKOFF = Duration.ofSeconds(10);
  private static final Duration MARGIN = Duration.ofSeconds(4);
  private static final int ORGANIZATIONS = 24;
  // The run goes through its organizations in id order and waits at this one (see below).
  private static final int BLOCKED = 10;

  private static NodePair nodes;
  private static AdminApi api;
  private static List<UUID> refreshed;
  private static UUID listened;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("PUSH_POLL_INTERVAL", POLL.toString());
    environment.put("PUSH_LISTENER_BACKOFF_INITIAL", LISTENER_BACKOFF.toString());
    // A run whose node died is taken over within seconds rather than half a minute.
    environment.put("REFRESH_LEASE_DURATION", "PT10S");
    environment.put("REFRESH_HEARTBEAT_INTERVAL", "PT2S");
    environment.put("REFRESH_WATCH_INTERVAL", "PT2S");
    // The refresh waits at the test's lock rather than giving up after the default 10 s.
    environment.put("REFRESH_LOCK_TIMEOUT", "PT2M");
    nodes = NodePair.start("failover", environment);
    api = new AdminApi(TestEnvironment.tokens());
    RefreshLedger.awaitNightlyRunDone();
    refreshed = new ArrayList<>();
    for (int i = 0; i < ORGANIZATIONS; i++) {
      refreshed.add(TestOrganization.active("Failover refreshed " + i).id());
    }
    // PostgreSQL's uuid order is the order of their text (Java's compareTo is signed)
    refreshed.sort(Comparator.comparing(UUID::toString));
    listened = TestOrganization.active("Failover listened").id();
  }

  @AfterAll
  static void stopNodes() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void aNodeKilledInTheMiddleOfARunLeavesTheOtherNodeEveryCommittedChangeOnce() throws Exception {
    MicroNode a = nodes.a();
    MicroNode b = nodes.b();
    UUID blocked = refreshed.get(BLOCKED);
    try (EventSocket client = EventSocket.open(b.base(), api.token());
        Connection lock = TestEnvironment.database().connect()) {
      Map<UUID, Long> from = new HashMap<>();
      Map<UUID, Long> servedBefore = new HashMap<>();
      for (UUID organization : refreshed) {
        from.put(organization, version(client.subscribe(organization)));
        // B has the snapshot before the run cached: it must not serve it once the run committed.
        api.get(b, organization, "dashboard-metrics");
        HttpResponse<String> cached = api.get(b, organization, "dashboard-metrics");
        assertThat(Http.header(cached, "Cache-Status")).isEqualTo("procurement-cache; hit");
        servedBefore.put(organization, version(Http.json(cached).asJsonObject()));
      }
      // The refresh of one organization takes its advisory lock first: holding it stops the run
      // there, with the organizations before it committed and nothing of this one written.
      call(lock, "SELECT pg_advisory_lock(?)", OrganizationRefresher.lockKey(blocked));
      UUID run = api.startRun(a, refreshed);
      await("the run waiting at the lock")
          .atMost(Duration.ofMinutes(1))
          .until(() -> waitingFor(lock) == 1);

      a.kill();
      long seenAtKill = refreshed.stream().mapToLong(o -> client.invalidations(o).size()).sum();
      List<Row> committed = ChangeLogRows.ofRun(run);
      call(lock, "SELECT pg_advisory_unlock(?)", OrganizationRefresher.lockKey(blocked));
      Set<UUID> done = committed.stream().map(Row::organizationId).collect(Collectors.toSet());
      assertThat(done)
          .as("organizations committed before the kill")
          .isNotEmpty()
          .doesNotContain(blocked)
          .hasSize(committed.size());

      for (Row row : committed) {
        client.await(
            "the committed change of " + row.organizationId(),
            about("cache_invalidation", row.organizationId()).and(m -> version(m) == row.version()),
            Duration.ofSeconds(60));
      }
      client.sync();
      for (UUID organization : done) {
        assertThat(rows(client.invalidations(organization)))
            .as("the events of %s after the kill", organization)
            .containsExactlyElementsOf(ChangeLogRows.after(organization, from.get(organization)));
        long snapshot = snapshotVersion(organization);
        assertThat(snapshot).isGreaterThan(servedBefore.get(organization));
        assertThat(servedVersion(b, organization))
            .as("the dashboard B serves of %s", organization)
            .isEqualTo(snapshot);
      }
      System.out.printf(
          "%d of %d organizations committed before the kill; B's client had %d of their events"
              + " when A died%n",
          done.size(), ORGANIZATIONS, seenAtKill);

      // B takes the abandoned run over and refreshes the rest: those changes reach the client too.
      assertThat(RefreshLedger.awaitFinished(run, Duration.ofMinutes(2))).isEqualTo("completed");
      assertThat(ChangeLogRows.ofRun(run))
          .as("one change per organization: the killed node's open one never committed")
          .extracting(Row::organizationId)
          .containsExactlyInAnyOrderElementsOf(refreshed);
      client.awaitUntil(
          "the changes of the rest of the run",
          () -> refreshed.stream().noneMatch(o -> client.invalidations(o).isEmpty()),
          Duration.ofSeconds(60));
      client.sync();
      for (UUID organization : refreshed) {
        assertThat(rows(client.invalidations(organization)))
            .as("every event of %s, once, in order", organization)
            .containsExactlyElementsOf(ChangeLogRows.after(organization, from.get(organization)));
        assertThat(servedVersion(b, organization)).isEqualTo(snapshotVersion(organization));
      }
    }
  }

  @Test
  void aCutListeningConnectionCostsAtMostOnePollIntervalAndReconnects() throws Exception {
    MicroNode b = nodes.b();
    try (EventSocket client = EventSocket.open(b.base(), api.token())) {
      client.subscribe(listened);
      Map<String, String> before = listener(b);
      assertThat(before).containsEntry("listening", "true");
      int reconnectsBefore = Integer.parseInt(before.get("reconnects"));
      double polledBefore = Metrics.total(b.base(), "push_changes_polled_total");

      assertThat(listeners(b, true)).as("B's listening connection, terminated").isEqualTo(1);
      Instant changed = Instant.now();
      long version = api.invalidate(b, listened);
      JsonObject event =
          client.await(
              "the change made while B's listener was down",
              about("cache_invalidation", listened).and(m -> version(m) == version),
              POLL.plus(MARGIN));
      Duration late = Duration.between(changed, Instant.now());
      assertThat(rows(List.of(event)))
          .containsExactlyElementsOf(ChangeLogRows.after(listened, version - 1));
      assertThat(late).isLessThan(LISTENER_BACKOFF);
      System.out.printf("A change made with B's listener down reached B's client in %s%n", late);
      assertThat(Metrics.total(b.base(), "push_changes_polled_total"))
          .as("found by the poll")
          .isGreaterThan(polledBefore);

      await("B's check telling the listener is down")
          .atMost(LISTENER_BACKOFF)
          .untilAsserted(
              () ->
                  assertThat(listener(b))
                      .containsEntry("listening", "false")
                      .containsEntry("delivery", "poll"));
      await("B's listener back")
          .atMost(LISTENER_BACKOFF.plus(Duration.ofSeconds(20)))
          .untilAsserted(
              () -> {
                Map<String, String> state = listener(b);
                assertThat(state).containsEntry("listening", "true");
                assertThat(Integer.parseInt(state.get("reconnects")))
                    .isGreaterThan(reconnectsBefore);
              });
      assertThat(listeners(b, false)).as("one listening connection again").isEqualTo(1);
    }
  }

  /**
   * The node's listening connections (found by their application_name, which names the node's pid),
   * terminated first when {@code terminate}: how many there were.
   */
  private static int listeners(MicroNode node, boolean terminate) throws SQLException {
    String which = terminate ? "count(*) FILTER (WHERE pg_terminate_backend(pid))" : "count(*)";
    return (int)
        Sql.number(
            "SELECT "
                + which
                + " FROM pg_stat_activity"
                + " WHERE application_name = ? AND datname = current_database()",
            "procurement-cache change-listener " + node.pid());
  }

  private static Map<String, String> listener(MicroNode node) {
    return await("the change-listener check of " + node)
        .atMost(Duration.ofSeconds(30))
        .until(() -> node.readiness("change-listener"), Optional::isPresent)
        .orElseThrow();
  }

  /** How many backends wait for a lock that {@code holder}'s session holds. */
  private static int waitingFor(Connection holder) throws SQLException {
    return (int)
        Sql.number(
            holder,
            "SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))");
  }

  private static void call(Connection c, String sql, long key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, key);
      s.execute();
    }
  }

  private static long snapshotVersion(UUID organization) throws SQLException {
    return Sql.number(
        "SELECT coalesce(max(version), 0) FROM analytics_snapshots WHERE organization_id = ?",
        organization);
  }

  /**
   * The dashboard's version as {@code node} serves it; right after the other node died the grid may
   * answer slowly (or not at all) for a moment, so this waits for an answer.
   */
  private static long servedVersion(MicroNode node, UUID organization) {
    HttpResponse<String> answer =
        await("a dashboard answer from " + node)
            .atMost(Duration.ofSeconds(90))
            .ignoreExceptions()
            .until(
                () -> api.get(node, organization, "dashboard-metrics"), r -> r.statusCode() == 200);
    return version(Http.json(answer).asJsonObject());
  }
}
