package com.procurementcache.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.demo.control.TokenIssuer;
import com.procurementcache.it.AdminApi;
import com.procurementcache.it.DatabaseProxy;
import com.procurementcache.it.Http;
import com.procurementcache.it.MicroNode;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.Sql;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every wait on the database is bounded, on one Payara Micro node whose database connections go
 * through a proxy the test owns ({@link DatabaseProxy}): a miss whose query is blocked answers a
 * 503 problem within the statement timeout and its statement is stopped in PostgreSQL; a refresh
 * blocked inside an organization fails its attempts with a statement timeout and reports it; with
 * the database gone, cached keys keep answering, misses fail fast, the node is not ready, and it
 * becomes ready again by itself when the database returns; with the database's host silent
 * (connections neither answered nor refused), readiness still says DOWN within seconds.
 *
 * <p>The node has no local layer of answers, so that every cached read goes the whole way through
 * the API (including the organization status lookup, kept for one second only here).
 */
class DatabaseOutageIT {

  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration COMPUTATION_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REFRESH_STATEMENT_TIMEOUT = Duration.ofSeconds(2);
  // The acceptance check's limits for a miss during an outage and for readiness after it.
  private static final Duration MISS_LIMIT = Duration.ofSeconds(15);
  private static final Duration READY_AGAIN_LIMIT = Duration.ofSeconds(90);

  private static DatabaseProxy proxy;
  private static MicroNode node;
  private static AdminApi api;
  private static TokenIssuer issuer;
  private static UUID cached;
  private static UUID lockedMiss;
  private static UUID refreshed;
  private static UUID outageMiss;

  @BeforeAll
  static void startNodeBehindProxy() throws Exception {
    String[] hostPort = TestEnvironment.database().hostAndPort().split(":");
    proxy = DatabaseProxy.to(hostPort[0], Integer.parseInt(hostPort[1]));
    issuer = TestEnvironment.tokens();
    api = new AdminApi(issuer);
    Map<String, String> environment =
        Map.ofEntries(
            Map.entry(
                "DB_URL",
                "jdbc:postgresql://127.0.0.1:"
                    + proxy.port()
                    + "/"
                    + TestEnvironment.database().databaseName()),
            Map.entry("CACHE_STATEMENT_TIMEOUT", STATEMENT_TIMEOUT.toString()),
            Map.entry("CACHE_COMPUTATION_TIMEOUT", COMPUTATION_TIMEOUT.toString()),
            Map.entry("CACHE_LOCAL_MAX_BYTES", "0"),
            Map.entry("CACHE_ORGANIZATION_STATUS_MAX_AGE", "PT1S"),
            Map.entry("REFRESH_STATEMENT_TIMEOUT", REFRESH_STATEMENT_TIMEOUT.toString()),
            // Long enough that only the statement timeout can end a blocked attempt in time.
            Map.entry("REFRESH_LOCK_TIMEOUT", "PT1M"),
            Map.entry("REFRESH_MAX_RETRIES", "1"),
            Map.entry("REFRESH_RETRY_BACKOFF", "PT0.2S"),
            Map.entry("PUSH_LISTENER_BACKOFF_MAX", "PT2S"));
    int grid = MicroNode.freePort();
    node =
        MicroNode.start(
            "outage",
            grid,
            "127.0.0.1:" + grid,
            "it-outage-" + System.getProperty("it.db.name"),
            environment);
    await("ready: " + node + ", log " + node.log())
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(node::ready);
    // The node migrates the database; its first (catch-up) run must not meet the tests' locks.
    RefreshLedger.awaitNightlyRunDone();
    cached = TestOrganization.active("Outage cached").id();
    lockedMiss = TestOrganization.active("Outage locked miss").id();
    refreshed = TestOrganization.active("Outage refreshed").id();
    outageMiss = TestOrganization.active("Outage miss").id();
  }

  @AfterEach
  void databaseBack() {
    proxy.mode(DatabaseProxy.Mode.FORWARD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aMissWhoseQueryIsBlockedAnswers503WithinTheTimeoutAndItsStatementStops() throws Exception {
    assertHit(api.token(), cached, "dashboard-metrics");
    try (Connection lock = TestEnvironment.database().connect()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE suppliers IN ACCESS EXCLUSIVE MODE");
      }
      long started = System.nanoTime();
      HttpResponse<String> miss = get(api.token(), lockedMiss, "suppliers");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertServiceUnavailable(miss);
      assertThat(took).isBetween(STATEMENT_TIMEOUT.minusMillis(500), COMPUTATION_TIMEOUT);
      // The statement itself was stopped, not only the wait for it.
      assertThat(blockedOnLock()).isZero();
      assertHit(api.token(), cached, "dashboard-metrics");
      lock.rollback();
    }
    assertThat(get(api.token(), lockedMiss, "suppliers").statusCode()).isEqualTo(200);
  }

  @Test
  void aRefreshBlockedInsideAnOrganizationFailsItsAttemptsWithAStatementTimeout() throws Exception {
    try (Connection lock = TestEnvironment.database().connect()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE");
      }
      long started = System.nanoTime();
      UUID run = api.startRun(node, List.of(refreshed));
      // two attempts of at most the statement timeout, a backoff, and the run's bookkeeping
      String status = RefreshLedger.awaitFinished(run, Duration.ofSeconds(15));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(blockedOnLock()).isZero();
      lock.rollback();

      assertThat(status).isEqualTo("completed-with-errors");
      assertThat(took).isGreaterThanOrEqualTo(REFRESH_STATEMENT_TIMEOUT.multipliedBy(2));
      assertThat(
              Sql.number(
                  "SELECT count(*) FROM refresh_outcomes WHERE run_id = ? AND organization_id = ?"
                      + " AND outcome = 'failed-error' AND retries = 1"
                      + " AND error LIKE '%statement timeout%57014%'",
                  run, refreshed))
          .isEqualTo(1);
    }
  }

  @Test
  void withTheDatabaseGoneCachedKeysAnswerMissesFailFastAndReadinessComesBackByItself()
      throws Exception {
    String viewer = issuer.viewer("outage-viewer", cached, Duration.ofMinutes(5));
    assertHit(viewer, cached, "dashboard-metrics");
    assertHit(viewer, cached, "suppliers");

    proxy.mode(DatabaseProxy.Mode.REFUSE);
    // 20 reads over more than the status lookup's one second, as the acceptance check reads.
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      statuses.add(
          get(viewer, cached, i % 2 == 0 ? "dashboard-metrics" : "suppliers").statusCode());
      Thread.sleep(100);
    }
    assertThat(statuses).as("cached reads during the outage").containsOnly(200);

    long started = System.nanoTime();
    HttpResponse<String> miss = get(api.token(), outageMiss, "cogs-analysis");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertServiceUnavailable(miss);
    assertThat(took).isLessThanOrEqualTo(MISS_LIMIT);

    await("readiness DOWN while the database is gone")
        .atMost(Duration.ofSeconds(20))
        .until(() -> readinessStatus() == 503);

    proxy.mode(DatabaseProxy.Mode.FORWARD);
    await("ready again by itself")
        .atMost(READY_AGAIN_LIMIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(node::ready);
    assertThat(get(api.token(), outageMiss, "cogs-analysis").statusCode()).isEqualTo(200);
  }

  @Test
  void withTheDatabaseHostSilentCachedKeysAnswerAndReadinessIsDownWithinSeconds() throws Exception {
    assertHit(api.token(), cached, "locations");

    proxy.mode(DatabaseProxy.Mode.BLACK_HOLE);
    long started = System.nanoTime();
    await("readiness DOWN while the database host is silent")
        .atMost(Duration.ofSeconds(20))
        .until(() -> readinessStatus() == 503);
    // a probe that waited on a silent connection gave up within its bound
    assertThat(readinessTook()).isLessThan(Duration.ofSeconds(5));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    for (int i = 0; i < 5; i++) {
      assertThat(get(api.token(), cached, "locations").statusCode()).isEqualTo(200);
    }

    proxy.mode(DatabaseProxy.Mode.FORWARD);
    await("ready again by itself")
        .atMost(READY_AGAIN_LIMIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(node::ready);
  }

  private static Duration readinessTook() {
    long started = System.nanoTime();
    readinessStatus();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private static HttpResponse<String> get(String token, UUID organization, String type) {
    HttpRequest request =
        Http.request(node.base(), "api/v1/organizations/" + organization + "/" + type, token)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build();
    return Http.send(request);
  }

  /** Reads the key until it is a hit (the first read may compute it). */
  private static void assertHit(String token, UUID organization, String type) {
    get(token, organization, type);
    HttpResponse<String> second = get(token, organization, type);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(Http.header(second, "Cache-Status")).isEqualTo("procurement-cache; hit");
  }

  private static void assertServiceUnavailable(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(Http.contentType(response)).startsWith("application/problem+json");
    JsonObject problem = Http.json(response).asJsonObject();
    assertThat(problem.getInt("status")).isEqualTo(503);
    assertThat(Http.header(response, "Retry-After")).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception", "SQL", "postgres");
  }

  private static int readinessStatus() {
    try {
      return Http.get(node.base(), "/health/ready", null).statusCode();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Statements of other sessions of this database waiting for a lock now. */
  private static long blockedOnLock() throws SQLException {
    return Sql.number(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
  }
}
