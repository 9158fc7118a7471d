package com.procurementcache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ?source=live}: the data computed from the source tables on the request, past the cache,
 * for admins only; after a refresh it carries the very figures the cache serves.
 */
class LiveSourceIT extends PackagedWarClient {

  private static TestOrganization source;
  private static UUID organization;
  private static boolean refreshed;

  @BeforeAll
  static void data() throws Exception {
    source = TestOrganization.active("Live source");
    organization = source.id();
    RefreshLedger.awaitNightlyRunDone();
  }

  /** The organization refreshed once, by a run of this class, before any test compares. */
  @BeforeEach
  void refreshedOnce() {
    if (!refreshed) {
      refreshNow();
      refreshed = true;
    }
  }

  private HttpResponse<String> get(String type, String query, String token) {
    return Http.get(base, "api/v1/organizations/" + organization + "/" + type + query, token);
  }

  private void refreshNow() {
    HttpResponse<String> started =
        Http.send(
            base,
            "POST",
            "api/v1/refresh/runs",
            admin(),
            "{\"organizationIds\": [\"" + organization + "\"], \"force\": true}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String path = "api/v1/refresh/runs/" + Http.json(started).asJsonObject().getString("id");
    await("the refresh run")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                !Http.json(Http.get(base, path, admin()))
                    .asJsonObject()
                    .getJsonObject("run")
                    .getString("status")
                    .equals("running"));
    JsonObject run = Http.json(Http.get(base, path, admin())).asJsonObject().getJsonObject("run");
    assertThat(run.getString("status")).as(run.toString()).isEqualTo("completed");
  }

  @Test
  void adminGetsTheCachedFiguresComputedFromTheSourcePastTheCache() {
    for (String type : CacheApiContract.DATA_TYPES) {
      HttpResponse<String> cached = get(type, "", admin());
      HttpResponse<String> live = get(type, "?source=live", admin());

      assertThat(cached.statusCode()).as(type + ": " + cached.body()).isEqualTo(200);
      assertThat(live.statusCode()).as(type + ": " + live.body()).isEqualTo(200);
      JsonObject cachedBody = Http.json(cached).asJsonObject();
      JsonObject liveBody = Http.json(live).asJsonObject();
      assertThat(liveBody.get("data")).as(type).isEqualTo(cachedBody.get("data"));
      assertThat(cachedBody.getJsonNumber("version").longValue()).as(type).isPositive();
      if (liveBody.get("data") instanceof JsonArray items) {
        assertThat(items).as("%s of an organization with purchases", type).isNotEmpty();
      }
      assertThat(liveBody.getString("organizationId")).isEqualTo(organization.toString());
      assertThat(liveBody.getString("dataType")).isEqualTo(type);
      assertThat(Http.header(live, "Cache-Control")).isEqualTo("no-store");
      assertThat(Http.header(live, "Cache-Status")).isEqualTo("procurement-cache; fwd=bypass");
      assertThat(Http.header(live, "ETag")).isNull();
    }
  }

  @Test
  void liveDashboardAddsUpTheOrganizationsSourceRows() {
    JsonObject dashboard =
        Http.json(get("dashboard-metrics", "?source=live", admin()))
            .asJsonObject()
            .getJsonObject("data");

    // Expectations from the rows the test wrote: void invoices are no spend.
    assertThat(dashboard.getJsonNumber("totalSpend").bigDecimalValue())
        .isEqualByComparingTo(source.countedSpend());
    assertThat(dashboard.getJsonNumber("invoiceCount").longValue())
        .isEqualTo(source.countedInvoices());
    assertThat(dashboard.getJsonNumber("openInvoiceCount").longValue())
        .isEqualTo(source.openInvoices());
    assertThat(dashboard.getInt("productCount")).isEqualTo(TestOrganization.PRODUCTS);
    assertThat(dashboard.getInt("locationCount")).isEqualTo(TestOrganization.LOCATIONS);
  }

  @Test
  void aLivePageIsCutLikeTheCachedOne() {
    String page = "?page=1&size=3&sort=productName,asc";
    JsonObject cached = Http.json(get("product-metrics", page, admin())).asJsonObject();
    JsonObject live =
        Http.json(get("product-metrics", page + "&source=live", admin())).asJsonObject();

    assertThat(live.get("page")).isEqualTo(cached.get("page"));
    assertThat(live.getJsonArray("data")).hasSize(3);
    assertThat(live.getJsonArray("data").getJsonObject(0).getString("productName"))
        .isEqualTo(cached.getJsonArray("data").getJsonObject(0).getString("productName"));
  }

  @Test
  void aViewerMayNotBypassTheCacheEvenForItsOwnOrganization() {
    String viewer = issuer.viewer("viewer", organization, FIVE_MINUTES);

    assertThat(get("dashboard-metrics", "", viewer).statusCode()).isEqualTo(200);
    HttpResponse<String> live = get("dashboard-metrics", "?source=live", viewer);
    assertThat(live.statusCode()).isEqualTo(403);
    assertThat(Http.contentType(live)).startsWith("application/problem+json");
  }

  @Test
  void anUnknownSourceIsABadRequest() {
    HttpResponse<String> response = get("dashboard-metrics", "?source=cache", admin());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.contentType(response)).startsWith("application/problem+json");
    assertThat(Http.json(response).asJsonObject().getString("detail")).contains("live");
  }
}
