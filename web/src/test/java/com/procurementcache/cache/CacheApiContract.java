package com.procurementcache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.it.AnalyticsFixture;
import com.procurementcache.it.Http;
import com.procurementcache.it.Metrics;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.TestOrganization;
import com.procurementcache.it.WarClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data API on one node with the shipped tiers: every data type served from the cache with its
 * HTTP caching headers, conditional requests, paging, tenant isolation, problems for bad input,
 * preferences, statistics and metrics. It runs twice (docs/adr/0008): on the packaged WAR, where
 * hits are answered by the short path in front of JAX-RS ({@link CacheApiIT}), and with the local
 * layer, and so the short path, turned off ({@link CacheApiThroughJaxRsIT}).
 */
abstract class CacheApiContract extends WarClient {

  static final List<String> DATA_TYPES =
      List.of(
          "dashboard-metrics",
          "product-metrics",
          "cogs-analysis",
          "supplier-metrics",
          "invoice-analytics",
          "price-alerts",
          "efficiency-metrics",
          "suppliers",
          "locations");

  private static UUID own;
  private static UUID other;
  private static UUID neverRefreshed;
  private static final Instant REFRESHED =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

  @BeforeAll
  static void data() throws Exception {
    own = TestOrganization.active("Cache API own").id();
    other = TestOrganization.active("Cache API other").id();
    // Refresh runs take active organizations only: an inactive one is never refreshed.
    neverRefreshed = TestOrganization.inactive("Cache API never refreshed").id();
    RefreshLedger.awaitNightlyRunDone();
    AnalyticsFixture.publish(own, 1, REFRESHED);
    AnalyticsFixture.publish(other, 1, REFRESHED);
  }

  private static String viewerOf(UUID organization) {
    return issuer.viewer("viewer-" + organization, organization, FIVE_MINUTES);
  }

  private HttpResponse<String> get(UUID organization, String type, String token) {
    return Http.get(base, "api/v1/organizations/" + organization + "/" + type, token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    return Http.send(request.build());
  }

  /** PUT of the caller's preferences, conditional on {@code ifMatch} unless it is null. */
  private HttpResponse<String> putPreferences(String token, String ifMatch, String body) {
    HttpRequest.Builder request =
        Http.request(base, "api/v1/me/preferences", token)
            .header("Content-Type", "application/json");
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return send(request.PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void everyDataTypeIsServedWithItsEnvelopeAndCachingHeaders() {
    for (String type : DATA_TYPES) {
      HttpResponse<String> response = get(own, type, admin());

      assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(200);
      JsonObject body = Http.json(response).asJsonObject();
      assertThat(body.getString("organizationId")).isEqualTo(own.toString());
      assertThat(body.getString("dataType")).isEqualTo(type);
      assertThat(body.getJsonNumber("version").longValue()).as(type).isPositive();
      assertThat(body.containsKey("data")).isTrue();
      assertThat(body.getString("refreshedAt")).isNotBlank();
      assertThat(Http.header(response, "ETag")).as(type).matches("\"[A-Za-z0-9_-]+\"");
      assertThat(Http.header(response, "Last-Modified")).as(type).isNotBlank();
      assertThat(Http.header(response, "Cache-Status")).startsWith("procurement-cache;");
      String cacheControl = Http.header(response, "Cache-Control");
      switch (type) {
        case "price-alerts" ->
            assertThat(cacheControl).isEqualTo("private, max-age=30, stale-while-revalidate=270");
        case "suppliers" ->
            assertThat(cacheControl)
                .isEqualTo("private, max-age=1800, stale-while-revalidate=1800");
        case "locations" ->
            assertThat(cacheControl)
                .isEqualTo("private, max-age=1800, stale-while-revalidate=84600");
        default -> {
          assertThat(cacheControl).matches("private, max-age=\\d+, stale-while-revalidate=3600");
          assertThat(body.getString("nextRefreshAt")).isNotBlank();
          long maxAge = Long.parseLong(cacheControl.replaceAll(".*max-age=(\\d+),.*", "$1"));
          assertThat(maxAge).isBetween(0L, 86400L);
        }
      }
    }
    JsonObject dashboard = Http.json(get(own, "dashboard-metrics", admin())).asJsonObject();
    assertThat(dashboard.getJsonNumber("version").longValue()).isEqualTo(1);
    // The published snapshot counts every invoice of the organization (see AnalyticsFixture).
    assertThat(dashboard.getJsonObject("data").getJsonNumber("invoiceCount").longValue())
        .isEqualTo(TestOrganization.INVOICES);
    assertThat(
            Http.json(get(own, "invoice-analytics", admin())).asJsonObject().getJsonArray("data"))
        .isNotEmpty();
    assertThat(Http.json(get(own, "suppliers", admin())).asJsonObject().getJsonArray("data"))
        .hasSize(TestOrganization.SUPPLIERS);
    assertThat(Http.json(get(own, "locations", admin())).asJsonObject().getJsonArray("data"))
        .hasSize(TestOrganization.LOCATIONS);
  }

  @Test
  void theTiersAreOfferedToClientsAsTheShippedSettingsSayThem() {
    HttpResponse<String> response =
        Http.get(base, "api/v1/data-types", issuer.viewer("viewer", own, FIVE_MINUTES));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, JsonObject> byType =
        Http.json(response).asJsonObject().getJsonArray("dataTypes").stream()
            .map(JsonValue::asJsonObject)
            .collect(Collectors.toMap(t -> t.getString("dataType"), t -> t));
    assertThat(byType.keySet()).containsAll(DATA_TYPES).contains("user-preferences");
    // microprofile-config.properties: nightly-refresh / nightly-cache, real-time / short, stable /
    // long.
    assertTier(byType.get("dashboard-metrics"), "PT24H", 86_400_000L, "PT25H", 90_000_000L);
    assertTier(byType.get("price-alerts"), "PT30S", 30_000L, "PT5M", 300_000L);
    assertTier(byType.get("suppliers"), "PT30M", 1_800_000L, "PT1H", 3_600_000L);
    assertThat(byType.get("dashboard-metrics").getBoolean("nightly")).isTrue();
    assertThat(byType.get("locations").getBoolean("nightly")).isFalse();
    assertThat(byType.get("price-alerts").getBoolean("paged")).isTrue();
    assertThat(byType.get("price-alerts").getJsonArray("sortFields").getString(0))
        .isEqualTo("detectedOn");
    assertThat(byType.get("cogs-analysis").getBoolean("paged")).isFalse();
    assertThat(byType.get("user-preferences").getString("path")).isEqualTo("/me/preferences");
    assertThat(byType.get("cogs-analysis").getString("path"))
        .isEqualTo("/organizations/{organizationId}/cogs-analysis");
  }

  private static void assertTier(
      JsonObject type, String freshness, long freshnessMillis, String retention, long retentionMs) {
    assertThat(type.getString("freshness")).isEqualTo(freshness);
    assertThat(type.getJsonNumber("freshnessMillis").longValue()).isEqualTo(freshnessMillis);
    assertThat(type.getString("retention")).isEqualTo(retention);
    assertThat(type.getJsonNumber("retentionMillis").longValue()).isEqualTo(retentionMs);
  }

  @Test
  void firstRequestComputesAndTheNextIsAHit() {
    HttpResponse<String> first = get(other, "locations", admin());
    HttpResponse<String> second = get(other, "locations", admin());

    assertThat(Http.header(first, "Cache-Status")).isEqualTo("procurement-cache; fwd=miss; stored");
    assertThat(Http.header(second, "Cache-Status")).isEqualTo("procurement-cache; hit");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(Http.header(second, "ETag")).isEqualTo(Http.header(first, "ETag"));
  }

  @Test
  void aHitCarriesTheBytesAndHeadersOfTheAnswerThatStoredIt() {
    for (String type : List.of("invoice-analytics", "price-alerts?size=3&sort=severity")) {
      HttpResponse<String> stored = get(other, type, admin());
      HttpResponse<String> hit = get(other, type, admin());
      HttpResponse<String> again = get(other, type, admin());

      assertThat(Http.header(hit, "Cache-Status")).as(type).isEqualTo("procurement-cache; hit");
      for (HttpResponse<String> response : List.of(hit, again)) {
        assertThat(response.body()).as(type).isEqualTo(stored.body());
        assertThat(headersBut(response, "date", "cache-status", "cache-control"))
            .as(type)
            .isEqualTo(headersBut(stored, "date", "cache-status", "cache-control"));
        assertThat(Http.header(response, "Cache-Control").replaceAll("max-age=\\d+", ""))
            .isEqualTo(Http.header(stored, "Cache-Control").replaceAll("max-age=\\d+", ""));
      }
      assertThat(Http.header(hit, "Content-Length"))
          .isEqualTo(Integer.toString(stored.body().getBytes(StandardCharsets.UTF_8).length));
    }
  }

  private static Map<String, List<String>> headersBut(
      HttpResponse<String> response, String... left) {
    Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
    headers.keySet().removeIf(name -> List.of(left).contains(name.toLowerCase(Locale.ROOT)));
    return headers;
  }

  @Test
  void conditionalRequestsWithTheCurrentCopyGet304WithoutBody() {
    HttpResponse<String> first = get(own, "supplier-metrics", admin());
    String etag = Http.header(first, "ETag");
    String lastModified = Http.header(first, "Last-Modified");

    HttpResponse<String> byEtag =
        send(
            Http.request(base, "api/v1/organizations/" + own + "/supplier-metrics", admin())
                .header("If-None-Match", etag));
    HttpResponse<String> byDate =
        send(
            Http.request(base, "api/v1/organizations/" + own + "/supplier-metrics", admin())
                .header("If-Modified-Since", lastModified));
    HttpResponse<String> otherEtag =
        send(
            Http.request(base, "api/v1/organizations/" + own + "/supplier-metrics", admin())
                .header("If-None-Match", "\"something-else\""));

    assertThat(byEtag.statusCode()).isEqualTo(304);
    assertThat(byEtag.body()).isEmpty();
    assertThat(Http.header(byEtag, "ETag")).isEqualTo(etag);
    assertThat(Http.header(byEtag, "Cache-Control")).startsWith("private, max-age=");
    assertThat(byDate.statusCode()).isEqualTo(304);
    assertThat(byDate.body()).isEmpty();
    assertThat(otherEtag.statusCode()).isEqualTo(200);
  }

  @Test
  void invalidationEvictsAndTheNextRequestServesTheNewVersion() throws Exception {
    HttpResponse<String> before = get(other, "cogs-analysis", admin());
    AnalyticsFixture.publish(other, 7, REFRESHED.plusSeconds(60));
    HttpResponse<String> cached = get(other, "cogs-analysis", admin());

    HttpResponse<String> invalidation =
        send(
            Http.request(base, "api/v1/organizations/" + other + "/cache/invalidations", admin())
                .POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> after = get(other, "cogs-analysis", admin());
    HttpResponse<String> oldCopy =
        send(
            Http.request(base, "api/v1/organizations/" + other + "/cogs-analysis", admin())
                .header("If-None-Match", Http.header(before, "ETag")));

    assertThat(Http.json(cached).asJsonObject().getJsonNumber("version").longValue())
        .as("the cache still holds the old snapshot until it is evicted")
        .isEqualTo(Http.json(before).asJsonObject().getJsonNumber("version").longValue());
    assertThat(invalidation.statusCode()).as(invalidation.body()).isEqualTo(200);
    assertThat(Http.json(invalidation).asJsonObject().getJsonArray("dataTypes"))
        .hasSize(DATA_TYPES.size());
    assertThat(Http.json(after).asJsonObject().getJsonNumber("version").longValue()).isEqualTo(7);
    assertThat(Http.header(after, "Cache-Status")).contains("fwd=miss");
    assertThat(Http.header(after, "ETag")).isNotEqualTo(Http.header(before, "ETag"));
    assertThat(oldCopy.statusCode()).isEqualTo(200);
  }

  @Test
  void viewerReadsItsOwnOrganizationOfEveryType() {
    for (String type : DATA_TYPES) {
      assertThat(get(own, type, viewerOf(own)).statusCode()).as(type).isEqualTo(200);
    }
  }

  @Test
  void viewerTokenOfOneOrganizationIsRefusedOnAnothersPathForEveryType() {
    for (String type : DATA_TYPES) {
      assertProblem(get(other, type, viewerOf(own)), 403);
    }
  }

  @Test
  void requestWithoutTokenIsRefused() {
    assertProblem(get(own, "dashboard-metrics", null), 401);
  }

  @Test
  void unknownOrganizationOrDataTypeIsNotFound() {
    assertProblem(get(UUID.randomUUID(), "dashboard-metrics", admin()), 404);
    assertProblem(get(own, "horoscopes", admin()), 404);
    assertProblem(get(own, "user-preferences", admin()), 404);
    assertProblem(
        send(
            Http.request(
                    base,
                    "api/v1/organizations/" + UUID.randomUUID() + "/cache/invalidations",
                    admin())
                .POST(HttpRequest.BodyPublishers.noBody())),
        404);
  }

  @Test
  void malformedIdsAndParametersAreBadRequests() {
    String path = "api/v1/organizations/" + own + "/product-metrics";
    assertProblem(
        Http.get(base, "api/v1/organizations/not-a-uuid/dashboard-metrics", admin()), 400);
    assertProblem(Http.get(base, "api/v1/organizations/1-1-1-1-1/suppliers", admin()), 400);
    assertProblem(Http.get(base, path + "?page=-1", admin()), 400);
    assertProblem(Http.get(base, path + "?page=abc", admin()), 400);
    assertProblem(Http.get(base, path + "?size=0", admin()), 400);
    assertProblem(Http.get(base, path + "?size=100000", admin()), 400);
    assertProblem(Http.get(base, path + "?sort=organization_id", admin()), 400);
    assertProblem(Http.get(base, path + "?sort=totalSpend,sideways", admin()), 400);
    assertProblem(
        Http.get(base, "api/v1/organizations/" + own + "/dashboard-metrics?page=1", admin()), 400);
    assertProblem(
        send(
            Http.request(base, "api/v1/organizations/not-a-uuid/cache/invalidations", admin())
                .POST(HttpRequest.BodyPublishers.noBody())),
        400);
  }

  @Test
  void productMetricsArePagedAndSortedByAWhitelistedField() {
    String path = "api/v1/organizations/" + own + "/product-metrics";
    JsonObject first =
        Http.json(Http.get(base, path + "?size=5&sort=totalSpend,desc", admin())).asJsonObject();
    JsonObject second =
        Http.json(Http.get(base, path + "?size=5&page=1&sort=totalSpend,desc", admin()))
            .asJsonObject();
    JsonObject byName =
        Http.json(Http.get(base, path + "?size=500&sort=productName", admin())).asJsonObject();

    JsonArray items = first.getJsonArray("data");
    assertThat(items).hasSize(5);
    List<Double> spend =
        items.stream()
            .map(v -> v.asJsonObject().getJsonNumber("totalSpend").doubleValue())
            .toList();
    assertThat(spend).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    double lastOfFirst = spend.get(4);
    assertThat(
            second.getJsonArray("data").getJsonObject(0).getJsonNumber("totalSpend").doubleValue())
        .isLessThanOrEqualTo(lastOfFirst);
    JsonObject page = first.getJsonObject("page");
    assertThat(page.getInt("totalItems"))
        .as("every product was bought")
        .isEqualTo(TestOrganization.PRODUCTS);
    assertThat(page.getInt("number")).isZero();
    assertThat(page.getInt("size")).isEqualTo(5);
    assertThat(page.getString("sort")).isEqualTo("totalSpend,desc");
    assertThat(page.getInt("totalPages")).isEqualTo((page.getInt("totalItems") + 4) / 5);
    List<String> names =
        byName.getJsonArray("data").stream()
            .map(v -> v.asJsonObject().getString("productName"))
            .toList();
    assertThat(names).hasSize(Math.min(500, page.getInt("totalItems")));
    assertThat(names).isSortedAccordingTo(String::compareTo);
  }

  @Test
  void priceAlertsArePagedWithTheirOwnSortFields() {
    HttpResponse<String> response =
        Http.get(
            base,
            "api/v1/organizations/" + own + "/price-alerts?size=3&sort=changeRatio,desc",
            admin());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject body = Http.json(response).asJsonObject();
    List<Double> ratios =
        body.getJsonArray("data").stream()
            .map(v -> v.asJsonObject().getJsonNumber("changeRatio").doubleValue())
            .toList();
    assertThat(ratios).hasSize(3).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(body.getJsonObject("page").getString("sort")).isEqualTo("changeRatio,desc");
    assertProblem(
        Http.get(base, "api/v1/organizations/" + own + "/price-alerts?sort=totalSpend", admin()),
        400);
  }

  @Test
  void inactiveOrganizationNeverRefreshedHasVersionZeroNoDataAndNoNextRefresh() {
    HttpResponse<String> dashboard = get(neverRefreshed, "dashboard-metrics", admin());
    HttpResponse<String> products = get(neverRefreshed, "product-metrics", admin());

    assertThat(dashboard.statusCode()).isEqualTo(200);
    JsonObject body = Http.json(dashboard).asJsonObject();
    assertThat(body.getJsonNumber("version").longValue()).isZero();
    assertThat(body.get("data")).isEqualTo(JsonValue.NULL);
    assertThat(body.get("refreshedAt")).isEqualTo(JsonValue.NULL);
    // No refresh run takes an inactive organization: none is announced.
    assertThat(body.get("nextRefreshAt")).isEqualTo(JsonValue.NULL);
    assertThat(Http.header(dashboard, "Last-Modified")).isNull();
    // The first refresh may come any moment: the client must not keep the empty answer.
    assertThat(Http.header(dashboard, "Cache-Control")).isEqualTo("private, no-cache");
    assertThat(Http.json(products).asJsonObject().getJsonArray("data")).isEmpty();
  }

  @Test
  void preferencesAreReadWrittenAndEvictedOnWrite() {
    String token = issuer.viewer("prefs-user", own, FIVE_MINUTES);
    HttpResponse<String> empty = Http.get(base, "api/v1/me/preferences", token);
    HttpResponse<String> stored =
        putPreferences(token, Http.header(empty, "ETag"), "{\"theme\":\"dark\",\"pageSize\":25}");
    HttpResponse<String> read = Http.get(base, "api/v1/me/preferences", token);
    HttpResponse<String> conflicting =
        putPreferences(token, Http.header(empty, "ETag"), "{\"theme\":\"light\"}");

    assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
    assertThat(Http.json(empty).asJsonObject().getJsonNumber("version").longValue()).isZero();
    assertThat(Http.json(empty).asJsonObject().getJsonObject("preferences")).isEmpty();
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject document = Http.json(read).asJsonObject();
    assertThat(document.getJsonNumber("version").longValue()).isEqualTo(1);
    assertThat(document.getJsonObject("preferences").getString("theme")).isEqualTo("dark");
    assertThat(Http.header(read, "ETag")).isEqualTo(Http.header(stored, "ETag"));
    assertProblem(conflicting, 412);
    assertThat(
            Http.json(Http.get(base, "api/v1/me/preferences", token))
                .asJsonObject()
                .getJsonObject("preferences")
                .getString("theme"))
        .isEqualTo("dark");
  }

  @Test
  void preferencesRefuseWhatIsNotASmallJsonObject() {
    String token = issuer.viewer("prefs-bad", own, FIVE_MINUTES);
    for (String body :
        List.of(
            "[1,2,3]", "{\"theme\":", "", "\"text\"", "{\"x\":\"" + "y".repeat(20_000) + "\"}")) {
      assertProblem(putPreferences(token, null, body), 400);
    }
    assertProblem(Http.get(base, "api/v1/me/preferences", admin()), 403);
  }

  @Test
  void statisticsAndMetricsMoveAsRequestsAreMade() {
    Map<String, JsonObject> before = statistics();
    double metricHitsBefore = Metrics.value(base, "cache_hits_total", "efficiency-metrics");

    get(own, "efficiency-metrics", admin());
    get(own, "efficiency-metrics", admin());
    get(own, "efficiency-metrics", admin());
    Map<String, JsonObject> after = statistics();

    JsonObject b = before.get("efficiency-metrics");
    JsonObject a = after.get("efficiency-metrics");
    long requests =
        a.getJsonNumber("hits").longValue()
            + a.getJsonNumber("misses").longValue()
            - b.getJsonNumber("hits").longValue()
            - b.getJsonNumber("misses").longValue();
    assertThat(requests).isEqualTo(3);
    assertThat(a.getJsonNumber("hits").longValue())
        .isGreaterThan(b.getJsonNumber("hits").longValue());
    double ratio =
        (double) a.getJsonNumber("hits").longValue()
            / (a.getJsonNumber("hits").longValue() + a.getJsonNumber("misses").longValue());
    assertThat(a.getJsonNumber("hitRatio").doubleValue())
        .isCloseTo(ratio, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.getJsonNumber("entries").longValue()).isPositive();
    assertThat(a.containsKey("evictions")).isTrue();
    assertThat(Metrics.value(base, "cache_hits_total", "efficiency-metrics"))
        .isGreaterThan(metricHitsBefore);
    String metrics = Metrics.text(base);
    assertThat(metrics)
        .contains(
            "cache_misses_total{",
            "cache_hit_ratio{",
            "cache_entries{",
            "cache_evictions_total{",
            "cache_computations_total{")
        // no per-organization labels: no organization id anywhere
        .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void statisticsAndInvalidationNeedAnAdmin() {
    assertProblem(Http.get(base, "api/v1/cache/stats", viewerOf(own)), 403);
    assertProblem(
        send(
            Http.request(
                    base, "api/v1/organizations/" + own + "/cache/invalidations", viewerOf(own))
                .POST(HttpRequest.BodyPublishers.noBody())),
        403);
  }

  @Test
  void openApiDescribesEveryResourceAndItsProblems() {
    HttpResponse<String> response = Http.get(base, "/openapi", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains(
            "/api/v1/organizations/{orgId}/{dataType}",
            "/api/v1/organizations/{orgId}/cache/invalidations",
            "/api/v1/me/preferences",
            "/api/v1/cache/stats",
            "application/problem+json",
            "stale-while-revalidate",
            "\"304\"",
            "\"412\"");
  }

  private Map<String, JsonObject> statistics() {
    HttpResponse<String> response = Http.get(base, "api/v1/cache/stats", admin());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject stats = Http.json(response).asJsonObject();
    assertThat(stats.getInt("nodes")).isEqualTo(1);
    return stats.getJsonArray("dataTypes").stream()
        .map(JsonValue::asJsonObject)
        .collect(Collectors.toMap(o -> o.getString("dataType"), o -> o));
  }
}
