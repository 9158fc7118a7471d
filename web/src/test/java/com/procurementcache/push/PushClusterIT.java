package com.procurementcache.push;

import static com.procurementcache.it.ChangeLogRows.rows;
import static com.procurementcache.it.EventSocket.about;
import static com.procurementcache.it.EventSocket.type;
import static com.procurementcache.it.EventSocket.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.demo.control.TokenIssuer;
import com.procurementcache.it.AdminApi;
import com.procurementcache.it.ChangeLogRows;
import com.procurementcache.it.ChangeLogRows.Row;
import com.procurementcache.it.EventSocket;
import com.procurementcache.it.Http;
import com.procurementcache.it.MicroNode;
import com.procurementcache.it.NodePair;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.Sql;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The push stream (docs/push.md) on two Payara Micro nodes sharing one database, with real
 * WebSocket clients: every change reaches the subscribers of the other node in version order, once;
 * a client that comes back with its last version gets exactly what it missed, or a resync once that
 * has left the log; a write by another system reaches both nodes' clients and caches. What a client
 * must get is read from {@code change_log} with plain SQL.
 */
class PushClusterIT {

  private static final int ORGANIZATIONS = 50;
  private static final Duration DELIVERY = Duration.ofSeconds(60);

  private static NodePair nodes;
  private static TokenIssuer issuer;
  private static AdminApi api;
  private static List<UUID> refreshed;
  private static UUID resumed;
  private static UUID written;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    nodes = NodePair.start("push", Map.of("PUSH_POLL_INTERVAL", "PT1S"));
    issuer = TestEnvironment.tokens();
    api = new AdminApi(issuer);
    // The suite's first refresh run takes every active organization: let it pass first.
    RefreshLedger.awaitNightlyRunDone();
    refreshed = new ArrayList<>();
    for (int i = 0; i < ORGANIZATIONS; i++) {
      refreshed.add(TestOrganization.active("Push refreshed " + i).id());
    }
    resumed = TestOrganization.active("Push resumed").id();
    written = TestOrganization.active("Push written").id();
  }

  @AfterAll
  static void stopNodes() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void everyChangeOfARunOnOneNodeReachesTheClientsOfTheOtherInOrderOnce() throws Exception {
    MicroNode b = nodes.b();
    List<UUID> viewed = List.of(refreshed.get(0), refreshed.get(24), refreshed.get(49));
    Map<UUID, EventSocket> viewers = new HashMap<>();
    try (EventSocket admin = EventSocket.open(b.base(), api.token())) {
      for (UUID organization : refreshed) {
        admin.requestSubscription(organization, null);
      }
      Map<UUID, Long> from = new HashMap<>();
      for (UUID organization : refreshed) {
        JsonObject subscribed = admin.subscribed(organization);
        assertThat(subscribed.getBoolean("recovered")).isFalse();
        from.put(organization, version(subscribed));
      }
      Map<UUID, Long> viewerFrom = new HashMap<>();
      for (UUID organization : viewed) {
        EventSocket viewer =
            EventSocket.open(b.base(), issuer.viewer("buyer", organization, Duration.ofMinutes(5)));
        viewers.put(organization, viewer);
        viewerFrom.put(organization, version(viewer.subscribe(organization)));
      }

      UUID run = api.startRun(nodes.a(), refreshed);
      assertThat(RefreshLedger.awaitFinished(run, Duration.ofMinutes(3))).isEqualTo("completed");

      assertThat(ChangeLogRows.ofRun(run))
          .as("one change per organization of the run")
          .extracting(Row::organizationId)
          .containsExactlyInAnyOrderElementsOf(refreshed);
      Map<UUID, List<Row>> expected = new HashMap<>();
      for (UUID organization : refreshed) {
        expected.put(organization, ChangeLogRows.after(organization, from.get(organization)));
      }
      admin.awaitUntil(
          "the changes of all " + ORGANIZATIONS + " organizations",
          () ->
              refreshed.stream()
                  .allMatch(o -> admin.invalidations(o).size() >= expected.get(o).size()),
          DELIVERY);
      admin.sync();
      for (UUID organization : refreshed) {
        assertThat(rows(admin.invalidations(organization)))
            .as("the events of %s on the admin's socket", organization)
            .containsExactlyElementsOf(expected.get(organization))
            .anySatisfy(row -> assertThat(row.runId()).isEqualTo(run));
      }
      for (UUID organization : viewed) {
        EventSocket viewer = viewers.get(organization);
        List<Row> own = ChangeLogRows.after(organization, viewerFrom.get(organization));
        viewer.awaitUntil(
            "the viewer's changes",
            () -> viewer.invalidations(organization).size() >= own.size(),
            DELIVERY);
        viewer.sync();
        assertThat(rows(viewer.invalidations(organization))).containsExactlyElementsOf(own);
        assertThat(viewer.messages())
            .as("a viewer hears of its own organization only")
            .filteredOn(m -> m.containsKey("organizationId"))
            .allSatisfy(
                m -> assertThat(m.getString("organizationId")).isEqualTo(organization.toString()));
      }
    } finally {
      viewers.values().forEach(EventSocket::close);
    }
  }

  @Test
  void aClientBackWithItsLastVersionGetsExactlyWhatItMissedOrElseAResync() throws Exception {
    UUID organization = resumed;
    MicroNode b = nodes.b();
    try (EventSocket watcher = EventSocket.open(b.base(), api.token())) {
      watcher.subscribe(organization);
      long last;
      try (EventSocket client = EventSocket.open(b.base(), api.token())) {
        last = version(client.subscribe(organization));
      }
      for (int i = 0; i < 3; i++) {
        api.invalidate(nodes.a(), organization);
      }
      List<Row> missed = ChangeLogRows.after(organization, last);
      assertThat(missed).hasSize(3).allSatisfy(row -> assertThat(row.reason()).isEqualTo("manual"));
      long head = missed.get(2).version();
      // The node knows all three before the client comes back: its subscribed version says so.
      watcher.await(
          "the third change on the node",
          about("cache_invalidation", organization).and(m -> version(m) == head));

      try (EventSocket back = EventSocket.open(b.base(), api.token())) {
        JsonObject subscribed = back.resume(organization, last);
        assertThat(subscribed.getBoolean("recovered")).isTrue();
        assertThat(version(subscribed)).isEqualTo(head);
        back.awaitUntil(
            "the missed changes",
            () -> back.invalidations(organization).size() >= 3,
            EventSocket.WAIT);
        back.sync();
        List<JsonObject> replayed = back.invalidations(organization);
        assertThat(rows(replayed)).containsExactlyElementsOf(missed);
        assertThat(back.messages().indexOf(subscribed))
            .as("the missed changes follow the subscribed answer")
            .isLessThan(back.messages().indexOf(replayed.get(0)));
        assertThat(back.messages()).noneMatch(type("resync"));
      }

      // The retention clean-up deletes the oldest rows: up to the first change after `last`.
      assertThat(ChangeLogRows.forget(organization, last + 1)).isEqualTo(last + 1);
      try (EventSocket late = EventSocket.open(b.base(), api.token())) {
        JsonObject subscribed = late.resume(organization, last);
        assertThat(subscribed.getBoolean("recovered")).isFalse();
        JsonObject resync = late.await("a resync", about("resync", organization));
        assertThat(version(resync)).isEqualTo(head);
        late.sync();
        assertThat(late.invalidations(organization)).as("nothing replayed in part").isEmpty();
      }
    }
  }

  /**
   * A source write reaches both nodes' subscribers, and neither node serves the old data after the
   * event: not from the cluster cache, not from its local layer of encoded answers (whose hits the
   * second read of each node answers), and no 304 for the old tag.
   */
  @Test
  void aSupplierRenamedByAnotherSystemReachesTheClientsAndCachesOfBothNodes() throws Exception {
    UUID organization = written;
    String token = issuer.viewer("buyer", organization, Duration.ofMinutes(5));
    List<EventSocket> clients = new ArrayList<>();
    Map<MicroNode, String> oldTags = new HashMap<>();
    try {
      Map<EventSocket, Long> from = new HashMap<>();
      for (MicroNode node : nodes.both()) {
        EventSocket client = EventSocket.open(node.base(), token);
        clients.add(client);
        from.put(client, version(client.subscribe(organization)));
        api.get(node, organization, "suppliers");
        HttpResponse<String> cached = api.get(node, organization, "suppliers");
        assertThat(Http.header(cached, "Cache-Status"))
            .as(node.name())
            .isEqualTo("procurement-cache; hit");
        assertThat(supplierNames(cached)).contains("Supplier A");
        oldTags.put(node, Http.header(cached, "ETag"));
      }
      String renamed = "Supplier A, renamed " + UUID.randomUUID();

      assertThat(
              Sql.update(
                  "UPDATE suppliers SET name = ? WHERE organization_id = ? AND name = 'Supplier A'",
                  renamed,
                  organization))
          .isEqualTo(1);

      for (EventSocket client : clients) {
        List<Row> expected = ChangeLogRows.after(organization, from.get(client));
        assertThat(expected)
            .singleElement()
            .satisfies(
                row -> {
                  assertThat(row.reason()).isEqualTo("data_change");
                  assertThat(row.sourceChanged()).isTrue();
                  assertThat(row.dataTypes()).contains("suppliers");
                });
        client.await(
            "the data_change",
            about("cache_invalidation", organization)
                .and(m -> version(m) == expected.get(0).version()));
        client.sync();
        assertThat(rows(client.invalidations(organization))).containsExactlyElementsOf(expected);
      }
      for (MicroNode node : nodes.both()) {
        assertThat(supplierNames(api.get(node, organization, "suppliers")))
            .as("the suppliers %s serves right after the event", node.name())
            .contains(renamed)
            .doesNotContain("Supplier A");
        assertThat(supplierNames(api.get(node, organization, "suppliers")))
            .as("the suppliers %s serves from its local layer after the event", node.name())
            .contains(renamed);
        HttpResponse<String> revalidated =
            Http.send(
                Http.request(
                        node.base(), "api/v1/organizations/" + organization + "/suppliers", token)
                    .header("If-None-Match", oldTags.get(node))
                    .GET()
                    .build());
        assertThat(revalidated.statusCode()).as("the old tag on %s", node.name()).isEqualTo(200);
        assertThat(supplierNames(revalidated)).contains(renamed);
      }
    } finally {
      clients.forEach(EventSocket::close);
    }
  }

  private static List<String> supplierNames(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.json(response).asJsonObject().getJsonArray("data").stream()
        .map(JsonValue::asJsonObject)
        .map(s -> s.getString("name"))
        .toList();
  }
}
