package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.ReaderLoad;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import com.sun.tools.attach.VirtualMachine;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A forced refresh on a real node, seen through every surface an operator has: the API, the status
 * endpoint, health, metrics, JMX, the audit trail and a signed webhook.
 */
class RefreshIT extends PackagedWarClient {

  private static final Duration HOUR = Duration.ofHours(1);

  static TestOrganization first;
  static TestOrganization second;
  static TestOrganization inactive;
  static WebhookReceiver webhooks;

  @BeforeAll
  static void data() throws Exception {
    first = TestOrganization.active("Refresh first");
    second = TestOrganization.active("Refresh second");
    inactive = TestOrganization.inactive("Refresh inactive");
    webhooks = new WebhookReceiver(Integer.getInteger("it.webhook.port"));
    // A run of this class must not meet the suite's first (catch-up) run half-way.
    RefreshLedger.awaitNightlyRunDone();
  }

  @AfterAll
  static void stopReceiver() {
    webhooks.close();
  }

  String operator() {
    return issuer.admin("operator", HOUR);
  }

  String viewer() {
    return issuer.viewer("buyer", first.id(), HOUR);
  }

  static String ids(TestOrganization... organizations) {
    return Arrays.stream(organizations)
        .map(o -> "\"" + o.id() + "\"")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** The outcome of each organization of a run's detail, by organization id. */
  static Map<UUID, String> outcomes(JsonObject detail) {
    return detail.getJsonArray("organizations").stream()
        .map(JsonValue::asJsonObject)
        .collect(
            Collectors.toMap(
                o -> UUID.fromString(o.getString("organizationId")), o -> o.getString("outcome")));
  }

  HttpResponse<String> post(String body, String token) {
    return Http.send(base, "POST", "api/v1/refresh/runs", token, body);
  }

  JsonObject runWhenDone(String runId) {
    String path = "api/v1/refresh/runs/" + runId;
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                !Http.json(Http.get(base, path, operator()))
                    .asJsonObject()
                    .getJsonObject("run")
                    .getString("status")
                    .equals("running"));
    return Http.json(Http.get(base, path, operator())).asJsonObject();
  }

  @Test
  void aForcedRunCompletesAndEverySurfaceShowsIt() throws Exception {
    HttpResponse<String> started =
        post("{\"organizationIds\": " + ids(first, second) + ", \"force\": true}", operator());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    String runId = Http.json(started).asJsonObject().getString("id");
    assertThat(location).endsWith("/api/v1/refresh/runs/" + runId);

    JsonObject detail = runWhenDone(runId);
    JsonObject run = detail.getJsonObject("run");
    assertThat(run.getString("status")).isEqualTo("completed");
    assertThat(run.getString("trigger")).isEqualTo("api");
    assertThat(run.getJsonObject("outcomes").getInt("refreshed")).isEqualTo(2);
    assertThat(outcomes(detail))
        .isEqualTo(Map.of(first.id(), "refreshed", second.id(), "refreshed"));

    JsonObject status = Http.json(Http.get(base, "api/v1/refresh/status", viewer())).asJsonObject();
    assertThat(status.getString("state")).isEqualTo("completed");
    assertThat(status.getString("lastSuccess")).isNotBlank();
    assertThat(status.getString("nextScheduled")).isNotBlank();
    assertThat(status.getBoolean("overdue")).isFalse();

    HttpResponse<String> health = Http.get(base, "/health/started", null);
    assertThat(health.body()).contains("\"nightly-refresh\"");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(Http.get(base, "/health/ready", null).statusCode()).isEqualTo(200);

    String metrics = prometheus(base);
    assertThat(metrics)
        .containsPattern("refresh_organization_outcomes_total\\{[^}]*outcome=\"refreshed\"")
        .containsPattern("refresh_runs_total\\{[^}]*status=\"completed\"")
        .containsPattern("refresh_data_age_seconds\\{[^}]*} [0-9.]+")
        .contains("refresh_run_duration_seconds_total")
        .contains("refresh_organization_duration_seconds_total");

    WebhookReceiver.Received hook = webhookOf(runId);
    assertThat(hook.body()).contains("\"type\":\"nightly_update_complete\"");
    assertThat(hook.body()).contains("\"organizations_updated\":2");
    assertThat(hook.header("webhook-signature"))
        .isEqualTo(
            "v1,"
                + sign(
                    hook.header("webhook-id")
                        + "."
                        + hook.header("webhook-timestamp")
                        + "."
                        + hook.body()));
  }

  @Test
  void aForcedRunWithoutOrganizationsRefreshesEveryActiveOne() throws Exception {
    HttpResponse<String> started = post("{\"force\": true}", operator());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);

    JsonObject detail = runWhenDone(Http.json(started).asJsonObject().getString("id"));
    JsonObject run = detail.getJsonObject("run");
    Map<UUID, String> outcomes = outcomes(detail);
    assertThat(run.getString("status")).isEqualTo("completed");
    assertThat(outcomes)
        .containsEntry(first.id(), "refreshed")
        .containsEntry(second.id(), "refreshed")
        .doesNotContainKey(inactive.id());
    assertThat(outcomes.values()).containsOnly("refreshed");
    int refreshed = run.getJsonObject("outcomes").getInt("refreshed");
    assertThat(refreshed).isEqualTo(outcomes.size());
    assertThat(webhookOf(run.getString("id")).body())
        .contains("\"organizations_updated\":" + refreshed);
  }

  @Test
  void theRunSummaryCarriesEachOrganizationsSignificantChanges() throws Exception {
    TestOrganization moved = TestOrganization.active("Refresh moved figures");
    // A first refresh has nothing to compare with: no significant changes.
    String first = runOf(moved);
    assertThat(significantChanges(first)).isEmpty();

    // Another system voids the three newest invoices (all counted: paid, approved, paid).
    List<TestOrganization.Invoice> voided = moved.invoices().subList(0, 3);
    assertThat(voided).allMatch(TestOrganization.Invoice::counted);
    try (Connection c = TestEnvironment.database().connect();
        PreparedStatement s =
            c.prepareStatement("UPDATE invoices SET status = 'void' WHERE id = ANY (?)")) {
      s.setArray(1, c.createArrayOf("uuid", voided.stream().map(i -> i.id()).toArray()));
      assertThat(s.executeUpdate()).isEqualTo(3);
    }
    String second = runOf(moved);

    // Expectations from the rows the test wrote: spend and count before and after the voiding.
    BigDecimal spendBefore = moved.countedSpend();
    BigDecimal spendAfter =
        spendBefore.subtract(
            voided.stream().map(i -> i.spend()).reduce(BigDecimal.ZERO, BigDecimal::add));
    long countBefore = moved.countedInvoices();
    JsonArray organizations = significantChanges(second);
    assertThat(organizations).hasSize(1);
    JsonObject entry = organizations.getJsonObject(0);
    assertThat(entry.getString("organization_id")).isEqualTo(moved.id().toString());
    Map<String, JsonObject> changes =
        entry.getJsonArray("changes").stream()
            .map(JsonValue::asJsonObject)
            .collect(Collectors.toMap(c -> c.getString("figure"), c -> c));
    assertChange(changes.get("total_spend"), spendBefore, spendAfter);
    assertChange(
        changes.get("invoice_count"),
        BigDecimal.valueOf(countBefore),
        BigDecimal.valueOf(countBefore - 3));
    // Every change listed is above the 5 % threshold.
    changes.values().stream()
        .filter(c -> !c.isNull("change_ratio"))
        .forEach(
            c ->
                assertThat(c.getJsonNumber("change_ratio").bigDecimalValue().abs())
                    .as(c.toString())
                    .isGreaterThan(new BigDecimal("0.05")));
  }

  static void assertChange(JsonObject change, BigDecimal previous, BigDecimal current) {
    assertThat(change).as("a change").isNotNull();
    assertThat(change.getJsonNumber("previous").bigDecimalValue()).isEqualByComparingTo(previous);
    assertThat(change.getJsonNumber("current").bigDecimalValue()).isEqualByComparingTo(current);
    double ratio = current.subtract(previous).doubleValue() / previous.abs().doubleValue();
    assertThat(change.getJsonNumber("change_ratio").doubleValue()).isCloseTo(ratio, within(1e-9));
  }

  /** Starts a forced run of the organization and waits for it to complete. */
  String runOf(TestOrganization organization) {
    HttpResponse<String> started =
        post("{\"organizationIds\": " + ids(organization) + ", \"force\": true}", operator());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = Http.json(started).asJsonObject().getString("id");
    assertThat(runWhenDone(runId).getJsonObject("run").getString("status")).isEqualTo("completed");
    return runId;
  }

  /** The significant changes of the run's summary webhook. */
  JsonArray significantChanges(String runId) {
    try (JsonReader reader = Json.createReader(new StringReader(webhookOf(runId).body()))) {
      return reader.readObject().getJsonObject("result").getJsonArray("significant_changes");
    }
  }

  @Test
  void jmxShowsTheStatusAndRefreshesAnOrganization() throws Exception {
    UUID organization = second.id();
    try (JMXConnector jmx = connectToNode()) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      ObjectName name = new ObjectName("com.procurementcache:type=NightlyRefresh");
      assertThat((String) server.getAttribute(name, "NextScheduled")).isNotBlank();

      String runId =
          (String)
              server.invoke(
                  name,
                  "refreshOrganization",
                  new Object[] {organization.toString()},
                  new String[] {String.class.getName()});

      JsonObject detail = runWhenDone(runId);
      JsonObject run = detail.getJsonObject("run");
      assertThat(run.getString("trigger")).isEqualTo("jmx");
      assertThat(run.getJsonObject("outcomes").getInt("refreshed")).isEqualTo(1);
      assertThat(outcomes(detail)).isEqualTo(Map.of(organization, "refreshed"));
      assertThat((String) server.getAttribute(name, "State")).isIn("completed", "updating");
    }
  }

  @Test
  void aRunWaitsForThisNodesReadersSaysWhyAndResumesWhenTheyLeave() throws Exception {
    String runId;
    String path = "api/v1/refresh/runs/";
    try (ReaderLoad readers =
        ReaderLoad.start(base, "api/v1/configuration", operator(), 8, Duration.ofMinutes(2))) {
      await("readers under way")
          .atMost(Duration.ofSeconds(30))
          .until(() -> readers.answered() > 200);
      HttpResponse<String> started = post("{\"force\": true}", operator());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      runId = Http.json(started).asJsonObject().getString("id");

      JsonObject waiting =
          await("the run waiting for readers")
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> Http.json(Http.get(base, "api/v1/refresh/status", viewer())).asJsonObject(),
                  s -> s.getString("phase", "").startsWith("waiting for readers: "));
      assertThat(waiting.getString("state")).isEqualTo("updating");
      assertThat(waiting.getString("phase"))
          .matches("waiting for readers: [0-9,]+ requests/s on this node \\(defers above 50\\)");
      // While the readers go on, the run does no organization. Counted by the run's own
      // resource each time: the status above may be a moment old.
      int done = organizationsDone(path + runId);
      await("the run still waiting")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> organizationsDone(path + runId), d -> d == done);
    }

    JsonObject run = runWhenDone(runId).getJsonObject("run");
    assertThat(run.getString("status")).isEqualTo("completed");
    assertThat(run.getInt("organizationsDone")).isEqualTo(run.getInt("organizationsTotal"));
  }

  private int organizationsDone(String runPath) throws Exception {
    return Http.json(Http.get(base, runPath, operator()))
        .asJsonObject()
        .getJsonObject("run")
        .getInt("organizationsDone");
  }

  @Test
  void onlyAdminsStartRunsAndBadRequestsAreProblems() {
    assertProblem(post("{}", viewer()), 403);
    assertProblem(post("{}", null), 401);
    assertProblem(post("not json", operator()), 400);
    assertProblem(post("{\"force\": \"yes\"}", operator()), 400);
    assertProblem(post("{\"organizationIds\": [\"nope\"]}", operator()), 400);
    assertProblem(post("{\"organizationIds\": [\"" + UUID.randomUUID() + "\"]}", operator()), 400);
    assertProblem(Http.get(base, "api/v1/refresh/runs/" + UUID.randomUUID(), operator()), 404);
    assertProblem(Http.get(base, "api/v1/refresh/runs?limit=1000", operator()), 400);
    assertProblem(Http.get(base, "api/v1/refresh/runs", viewer()), 403);
  }

  WebhookReceiver.Received webhookOf(String runId) {
    return await("the webhook of run " + runId)
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> webhooks.received.stream().filter(r -> r.body().contains(runId)).findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  /** The node's application metrics in Prometheus text (the only format /metrics serves). */
  static String prometheus(URL base) throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(base.toURI().resolve("/metrics?scope=application"))
            .header("Accept", "text/plain")
            .build();
    return java.net.http.HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static String sign(String content) throws Exception {
    String secret = System.getProperty("it.webhook.secret");
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** The node is a child process of this test JVM: attach to it and start its local JMX agent. */
  static JMXConnector connectToNode() throws Exception {
    ProcessHandle node =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Payara Micro child process"));
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(node.pid()));
    try {
      return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
    } finally {
      vm.detach();
    }
  }
}
