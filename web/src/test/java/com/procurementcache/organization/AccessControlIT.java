package com.procurementcache.organization;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.demo.control.SigningKeys;
import com.procurementcache.demo.control.TokenIssuer;
import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
  void tokenWithBadSignatureIsRefused() {
    String forged =
        new TokenIssuer(SigningKeys.generate().privateKey()).viewer("mallory", own, FIVE_MINUTES);

    assertProblem(getOrganization(own, forged), 401);
  }

  @Test
  void tokenOfAnotherIssuerIsRefused() throws Exception {
    String token =
        new TokenIssuer(
                SigningKeys.load(java.nio.file.Path.of(System.getProperty("it.keys.dir")))
                    .privateKey(),
                "someone-else")
            .viewer("eve", own, FIVE_MINUTES);

    assertProblem(getOrganization(own, token), 401);
  }

  @Test
  void expiredTokenIsRefused() {
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    String expired =
        issuer.issue("viewer", List.of("viewer"), own, hourAgo, hourAgo.plus(FIVE_MINUTES));

    assertProblem(getOrganization(own, expired), 401);
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
