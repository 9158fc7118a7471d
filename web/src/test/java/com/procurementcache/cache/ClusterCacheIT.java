package com.procurementcache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.demo.control.TokenIssuer;
import com.procurementcache.it.AnalyticsFixture;
import com.procurementcache.it.Http;
import com.procurementcache.it.Metrics;
import com.procurementcache.it.MicroNode;
import com.procurementcache.it.NodePair;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Payara Micro nodes sharing one data grid and one database, started once for this class: the
 * single flight and the eviction are cluster-wide, the statistics are summed over both nodes, and
 * the stale paths work with short tiers. Supplier and efficiency metrics run on the real-time tier
 * here, shortened to two seconds, so that they turn stale during a test.
 */
class ClusterCacheIT {

  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final Instant REFRESHED =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(7200);

  private static NodePair nodes;
  private static MicroNode a;
  private static MicroNode b;
  private static TokenIssuer issuer;
  private static TestOrganization firstOrganization;
  private static UUID first;
  private static UUID second;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("CACHE_FRESHNESS_REAL_TIME", "PT2S");
    environment.put("CACHE_DATA_TYPE_SUPPLIER_METRICS_FRESHNESS", "real-time");
    environment.put("CACHE_DATA_TYPE_EFFICIENCY_METRICS_FRESHNESS", "real-time");
    environment.put("CACHE_STATISTICS_PUBLISH_INTERVAL", "PT1S");
    nodes = NodePair.start("cache", environment);
    a = nodes.a();
    b = nodes.b();
    firstOrganization = TestOrganization.active("Cluster first");
    first = firstOrganization.id();
    second = TestOrganization.active("Cluster second").id();
    RefreshLedger.awaitNightlyRunDone();
    AnalyticsFixture.publish(first, 1, REFRESHED);
    AnalyticsFixture.publish(second, 1, REFRESHED);
    issuer = TestEnvironment.tokens();
  }

  @AfterAll
  static void stopNodes() {
    if (nodes != null) {
      nodes.close();
    }
  }

  private static String admin() {
    return issuer.admin("admin", FIVE_MINUTES);
  }

  private static HttpResponse<String> get(MicroNode node, UUID organization, String type) {
    return Http.get(node.base(), "api/v1/organizations/" + organization + "/" + type, admin());
  }

  /** Asks {@code node} until, within 30 s, its Cache-Status contains {@code status}. */
  private static HttpResponse<String> firstAnswerWithCacheStatus(
      MicroNode node, UUID organization, String type, String status) {
    return await("an answer with Cache-Status " + status)
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> get(node, organization, type),
            r -> Http.header(r, "Cache-Status").contains(status));
  }

  private static long version(HttpResponse<String> response) {
    return Http.json(response).asJsonObject().getJsonNumber("version").longValue();
  }

  /** A counter of the application metrics, summed over both nodes. */
  private static double onBothNodes(String metric, String type) {
    return Metrics.value(a.base(), metric, type) + Metrics.value(b.base(), metric, type);
  }

  private static double computations(String type) {
    return onBothNodes("cache_computations_total", type);
  }

  @Test
  void fiftyConcurrentRequestsForOneKeyOnTwoNodesComputeItOnce() throws Exception {
    String type = "product-metrics";
    double before = computations(type);
    String token = admin();
    List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      URL base = (i % 2 == 0 ? a : b).base();
      requests.add(
          () -> Http.get(base, "api/v1/organizations/" + first + "/" + type + "?size=500", token));
    }
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<HttpResponse<String>> responses = new ArrayList<>();
    try {
      for (Future<HttpResponse<String>> f : pool.invokeAll(requests)) {
        responses.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(1);
    assertThat(responses.stream().map(r -> Http.header(r, "Cache-Status")))
        .filteredOn(s -> s.endsWith("stored"))
        .hasSize(1);
    assertThat(computations(type) - before).isEqualTo(1.0);
  }

  @Test
  void evictionOnOneNodeIsSeenOnTheOther() throws Exception {
    long old = version(get(a, second, "dashboard-metrics"));
    HttpResponse<String> cachedOnB = get(b, second, "dashboard-metrics");
    assertThat(Http.header(cachedOnB, "Cache-Status")).isEqualTo("procurement-cache; hit");
    AnalyticsFixture.publish(second, old + 1, REFRESHED.plusSeconds(60));

    HttpResponse<String> invalidation =
        Http.send(
            Http.request(
                    a.base(), "api/v1/organizations/" + second + "/cache/invalidations", admin())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    HttpResponse<String> afterOnB = get(b, second, "dashboard-metrics");

    assertThat(invalidation.statusCode()).isEqualTo(200);
    assertThat(version(afterOnB)).isEqualTo(old + 1);
    assertThat(Http.header(afterOnB, "Cache-Status")).contains("fwd=miss");
  }

  @Test
  void aRefreshCommittedOnOneNodeEvictsOnTheOther() throws Exception {
    UUID organization = first;
    AnalyticsFixture.clear(organization);
    Http.send(
        Http.request(
                a.base(), "api/v1/organizations/" + organization + "/cache/invalidations", admin())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    assertThat(version(get(a, organization, "cogs-analysis"))).isZero();
    assertThat(Http.header(get(b, organization, "cogs-analysis"), "Cache-Status"))
        .isEqualTo("procurement-cache; hit");

    HttpResponse<String> run =
        Http.send(
            Http.request(a.base(), "api/v1/refresh/runs", admin())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"organizationIds\":[\"" + organization + "\"],\"force\":true}"))
                .build());
    assertThat(run.statusCode()).as(run.body()).isEqualTo(202);

    // Without the after-commit eviction, B would serve version 0 from the cache for 24 hours.
    HttpResponse<String> refreshed =
        await("the refreshed snapshot served by the other node")
            .atMost(Duration.ofSeconds(60))
            .until(() -> get(b, organization, "cogs-analysis"), r -> version(r) > 0);
    BigDecimal cogsSpend =
        Http.json(refreshed).asJsonObject().getJsonArray("data").stream()
            .map(v -> v.asJsonObject().getJsonNumber("spend").bigDecimalValue())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(cogsSpend)
        .as("the refreshed cost of goods adds up to the organization's spend")
        .isEqualByComparingTo(firstOrganization.countedSpend());
    // The run's last steps must not evict what the next test caches.
    RefreshLedger.awaitNightlyRunDone();
  }

  @Test
  void tierOverridesReachTheNodesAndTheirHeaders() {
    HttpResponse<String> response = get(a, first, "supplier-metrics");

    // real-time shortened to 2 s; retention stays nightly-cache (25 h)
    assertThat(Http.header(response, "Cache-Control"))
        .isEqualTo("private, max-age=2, stale-while-revalidate=89998");
  }

  @Test
  void staleValueIsServedWhileOneBackgroundComputationBringsTheNewData() throws Exception {
    String type = "supplier-metrics";
    HttpResponse<String> computed = get(a, second, type);
    long old = version(computed);
    AnalyticsFixture.publish(second, old + 10, REFRESHED.plusSeconds(120));

    HttpResponse<String> stale = firstAnswerWithCacheStatus(b, second, type, "fwd=stale");
    assertThat(version(stale)).isEqualTo(old);
    assertThat(Http.header(stale, "Cache-Control")).startsWith("private, max-age=0,");

    HttpResponse<String> fresh =
        await("the recomputed value")
            .atMost(Duration.ofSeconds(30))
            .until(() -> get(a, second, type), r -> version(r) == old + 10);
    assertThat(Http.header(fresh, "Cache-Status"))
        .isIn("procurement-cache; hit", "procurement-cache; hit; fwd=stale");
  }

  @Test
  void whenRecomputingFailsTheLastValueIsServedAndSaysSo() throws Exception {
    String type = "efficiency-metrics";
    long served = version(get(a, first, type));
    double failuresBefore = onBothNodes("cache_computation_failures_total", type);
    try {
      sql("ALTER TABLE efficiency_metrics RENAME TO efficiency_metrics_away");

      HttpResponse<String> staleIfError =
          firstAnswerWithCacheStatus(b, first, type, "stale-if-error");

      assertThat(staleIfError.statusCode()).isEqualTo(200);
      assertThat(version(staleIfError)).isEqualTo(served);
      assertThat(onBothNodes("cache_computation_failures_total", type))
          .isGreaterThan(failuresBefore);
    } finally {
      sql("ALTER TABLE efficiency_metrics_away RENAME TO efficiency_metrics");
    }
    await("recovery once the data can be read again")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Http.header(get(a, first, type), "Cache-Status").equals("procurement-cache; hit"));
  }

  @Test
  void statisticsAreSummedOverBothNodes() {
    String type = "invoice-analytics";
    get(a, first, type);
    get(b, first, type);
    get(b, first, type);

    await("both nodes' requests in the sums")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject stats =
                  Http.json(Http.get(a.base(), "api/v1/cache/stats", admin())).asJsonObject();
              assertThat(stats.getInt("nodes")).isEqualTo(2);
              JsonObject invoice =
                  stats.getJsonArray("dataTypes").stream()
                      .map(v -> v.asJsonObject())
                      .filter(o -> o.getString("dataType").equals(type))
                      .findFirst()
                      .orElseThrow();
              long hits = invoice.getJsonNumber("hits").longValue();
              long misses = invoice.getJsonNumber("misses").longValue();
              double onNodes = onBothNodes("cache_hits_total", type);
              assertThat(hits + misses).isGreaterThanOrEqualTo(3);
              assertThat((double) hits).isEqualTo(onNodes);
              assertThat(invoice.getJsonNumber("hitRatio").doubleValue())
                  .isEqualTo((double) hits / (hits + misses));
              assertThat(invoice.getJsonNumber("entries").longValue()).isGreaterThanOrEqualTo(1);
            });
  }

  private static void sql(String statement) throws Exception {
    try (Connection connection = TestEnvironment.database().connect();
        Statement s = connection.createStatement()) {
      s.execute(statement);
    }
  }
}
