package com.procurementcache.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The node on an empty database: migrates it at start, reports ready, runs with the defaults. */
class ReadinessIT extends PackagedWarClient {

  @Test
  void readinessIsUpWithDatabaseMigrationsAndCacheClusterChecked() {
    HttpResponse<String> response = Http.get(base, "/health/ready", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject health = Http.json(response).asJsonObject();
    assertThat(health.getString("status")).isEqualTo("UP");
    Map<String, String> checks =
        health.getJsonArray("checks").stream()
            .map(JsonValue::asJsonObject)
            .collect(Collectors.toMap(c -> c.getString("name"), c -> c.getString("status")));
    assertThat(checks)
        .containsEntry("database", "UP")
        .containsEntry("schema-migrations", "UP")
        .containsEntry("cache-cluster", "UP");
  }

  /**
   * Load balancers and orchestrators probe readiness concurrently: probes that arrive together must
   * all see the database answer, not be turned away while another probe is under way.
   */
  @Test
  void concurrentReadinessProbesAreAllUp() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      List<Future<HttpResponse<String>>> probes = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        probes.add(callers.submit(() -> Http.get(base, "/health/ready", null)));
      }
      for (Future<HttpResponse<String>> probe : probes) {
        HttpResponse<String> response = probe.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void startupMigratedTheEmptyDatabase() {
    JsonObject migrations =
        Http.json(Http.get(base, "/health/ready", null))
            .asJsonObject()
            .getJsonArray("checks")
            .stream()
            .map(JsonValue::asJsonObject)
            .filter(c -> c.getString("name").equals("schema-migrations"))
            .findFirst()
            .orElseThrow()
            .getJsonObject("data");

    assertThat(migrations.getString("pending")).isEqualTo("0");
    assertThat(Integer.parseInt(migrations.getString("applied"))).isGreaterThanOrEqualTo(3);
  }

  @Test
  void thePublicHealthEndpointsTellStatesInNeutralWords() {
    for (String path : List.of("/health", "/health/ready", "/health/started")) {
      HttpResponse<String> response = Http.get(base, path, null);
      for (JsonValue check : Http.json(response).asJsonObject().getJsonArray("checks")) {
        JsonObject data = check.asJsonObject().getJsonObject("data");
        if (data != null) {
          assertThat(data.keySet())
              .as(path + " " + check)
              .doesNotContain("product", "runId", "progress", "lastError");
        }
      }
      assertThat(response.body())
          .as(path)
          .doesNotContain("PostgreSQL", "postgres", "5432", "jdbc:", "Exception");
    }
  }

  @Test
  void livenessIsUp() {
    HttpResponse<String> response = Http.get(base, "/health/live", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response).asJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void nodeRunsWithThePlansDefaults() {
    String admin = admin();

    HttpResponse<String> response = Http.get(base, "api/v1/configuration", admin);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject settings = Http.json(response).asJsonObject();
    assertThat(settings.getString("refresh.schedule")).isEqualTo("0 2 * * *");
    assertThat(settings.getString("refresh.zone")).isEqualTo("Europe/Copenhagen");
    assertThat(settings.getString("refresh.batch-size")).isEqualTo("1000");
    assertThat(settings.getString("refresh.max-retries")).isEqualTo("3");
    assertThat(settings.getString("refresh.timeout")).isEqualTo("PT30M");
    assertThat(settings.getString("refresh.min-age")).isEqualTo("PT12H");
    // The build sets these two for its nodes through the environment, which overrides defaults.
    assertThat(settings.getString("refresh.max-load")).isEqualTo("1000");
    assertThat(settings.getString("webhook.url")).startsWith("http://127.0.0.1:");
    assertThat(settings.getString("refresh.change-threshold")).isEqualTo("0.05");
    assertThat(settings.getString("refresh.staleness-limit")).isEqualTo("PT25H");
    assertThat(settings.getString("cache.freshness.real-time")).isEqualTo("PT30S");
    assertThat(settings.getString("cache.retention.nightly-cache")).isEqualTo("PT25H");
    assertThat(settings.getString("webhook.secret")).isEqualTo("(set, hidden)");
  }
}
