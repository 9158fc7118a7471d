package com.procurementcache.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.ForgedTokens;
import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may read what: tokens are checked by the real server against organizations of its own. */
class AccessControlIT extends PackagedWarClient {

  private static TestOrganization ownOrganization;
  private static UUID own;
  private static UUID other;

  @BeforeAll
  static void data() throws Exception {
    ownOrganization = TestOrganization.active("Access control own");
    own = ownOrganization.id();
    other = TestOrganization.inactive("Access control other").id();
  }

  private HttpResponse<String> getOrganization(UUID id, String token) {
    return Http.get(base, "api/v1/organizations/" + id, token);
  }

  @Test
  void requestWithoutTokenIsRefused() {
    assertProblem(getOrganization(own, null), 401);
  }

  @Test
  void forgedTamperedAndOutOfTimeTokensAreRefusedEvenAfterTheGoodOneWasCached() throws Exception {
    String good = issuer.viewer("viewer", own, FIVE_MINUTES);
    String data = "api/v1/organizations/" + own + "/dashboard-metrics";
    // used twice: verified, kept in the node's token cache, and its answer in the local layer
    assertThat(Http.get(base, data, good).statusCode()).isEqualTo(200);
    assertThat(Http.get(base, data, good).statusCode()).isEqualTo(200);

    Map<String, String> refusable = ForgedTokens.refusable(TestEnvironment.keys(), own);
    for (Map.Entry<String, String> forged : refusable.entrySet()) {
      for (String path : List.of(data, "api/v1/organizations/" + own, "api/v1/refresh/runs")) {
        HttpResponse<String> response = Http.get(base, path, forged.getValue());
        assertThat(response.statusCode()).as(forged.getKey() + " on " + path).isEqualTo(401);
        assertProblem(response, 401);
        assertThat(Http.header(response, "WWW-Authenticate")).startsWith("Bearer");
      }
    }
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    String token = issuer.viewer("viewer", own, FIVE_MINUTES);

    for (String scheme : List.of("bearer", "BEARER", "Bearer")) {
      HttpResponse<String> response =
          Http.send(
              Http.request(base, "api/v1/organizations/" + own, null)
                  .header("Authorization", scheme + " " + token)
                  .GET()
                  .build());
      assertThat(response.statusCode()).as(scheme).isEqualTo(200);
    }
  }

  @Test
  void aTokenIsRefusedOnceItExpiresThoughItsEarlierUsesWereCached() {
    Instant now = Instant.now();
    String shortLived =
        issuer.issue("viewer", List.of("viewer"), own, now, now.plus(Duration.ofSeconds(3)));
    String data = "api/v1/organizations/" + own + "/dashboard-metrics";
    assertThat(Http.get(base, data, shortLived).statusCode()).isEqualTo(200);

    await("the token's expiry")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> Http.get(base, data, shortLived).statusCode() == 401);
    assertThat(Instant.now()).isAfterOrEqualTo(now.plus(Duration.ofSeconds(2)));
    assertProblem(Http.get(base, "api/v1/organizations/" + own, shortLived), 401);
  }

  @Test
  void viewerTokenOfAnotherOrganizationIsRefused() {
    String viewerOfOwn = issuer.viewer("viewer", own, FIVE_MINUTES);

    assertProblem(getOrganization(other, viewerOfOwn), 403);
  }

  @Test
  void viewerReadsItsOwnOrganization() {
    HttpResponse<String> response =
        getOrganization(own, issuer.viewer("viewer", own, FIVE_MINUTES));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject organization = Http.json(response).asJsonObject();
    assertThat(organization.getString("id")).isEqualTo(own.toString());
    assertThat(organization.getString("name")).isEqualTo("Access control own");
    assertThat(organization.getString("status")).isEqualTo("active");
    JsonObject counts = organization.getJsonObject("counts");
    assertThat(counts.getJsonNumber("invoices").longValue())
        .isEqualTo(ownOrganization.invoices().size());
    assertThat(counts.getJsonNumber("suppliers").longValue()).isEqualTo(TestOrganization.SUPPLIERS);
    assertThat(counts.getJsonNumber("locations").longValue()).isEqualTo(TestOrganization.LOCATIONS);
    assertThat(counts.getJsonNumber("products").longValue()).isEqualTo(TestOrganization.PRODUCTS);
  }

  @Test
  void viewerCannotListEveryOrganization() {
    assertProblem(
        Http.get(base, "api/v1/organizations", issuer.viewer("viewer", own, FIVE_MINUTES)), 403);
  }

  @Test
  void adminReadsAnyOrganizationAndTheList() {
    String admin = admin();

    HttpResponse<String> one = getOrganization(other, admin);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(Http.json(one).asJsonObject().getString("status")).isEqualTo("inactive");
    HttpResponse<String> list = Http.get(base, "api/v1/organizations", admin);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(
            Http.json(list).asJsonArray().stream()
                .map(o -> o.asJsonObject().getString("id"))
                .toList())
        .contains(own.toString(), other.toString());
  }

  @Test
  void unknownOrganizationIsNotFound() {
    assertProblem(getOrganization(UUID.randomUUID(), admin()), 404);
  }

  @Test
  void malformedOrganizationIdIsBadRequest() {
    HttpResponse<String> response = Http.get(base, "api/v1/organizations/not-a-uuid", admin());

    assertProblem(response, 400);
  }
}
