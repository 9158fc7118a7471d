package com.procurementcache.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.demo.control.TokenIssuer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/** What the push tests ask a node's REST API as an admin. */
public final class AdminApi {

  private final TokenIssuer issuer;

  public AdminApi(TokenIssuer issuer) {
    this.issuer = issuer;
  }

  /** A new admin token, valid for five minutes. */
  public String token() {
    return issuer.admin("admin", Duration.ofMinutes(5));
  }

  /** Starts a forced refresh run of {@code organizations} on {@code node}; returns its id. */
  public UUID startRun(MicroNode node, Collection<UUID> organizations) {
    String body = forcedRun(organizations);
    HttpResponse<String> response =
        Http.send(node.base(), "POST", "api/v1/refresh/runs", token(), body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return UUID.fromString(Http.json(response).asJsonObject().getString("id"));
  }

  /** The body of {@code POST /api/v1/refresh/runs} that forces a run of {@code organizations}. */
  public static String forcedRun(Collection<UUID> organizations) {
    JsonArrayBuilder ids = Json.createArrayBuilder();
    organizations.forEach(id -> ids.add(id.toString()));
    return Json.createObjectBuilder()
        .add("organizationIds", ids)
        .add("force", true)
        .build()
        .toString();
  }

  /**
   * Invalidates the organization's cached data through {@code node}; returns the change version.
   */
  public long invalidate(MicroNode node, UUID organization) {
    return invalidation(node.base(), organization).getJsonNumber("version").longValue();
  }

  /** Invalidates the organization's cached data through the node of {@code base}; the answer. */
  public JsonObject invalidation(URL base, UUID organization) {
    HttpResponse<String> response =
        Http.send(
            base,
            "POST",
            "api/v1/organizations/" + organization + "/cache/invalidations",
            token(),
            null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.json(response).asJsonObject();
  }

  /** GETs one data type of the organization from {@code node}. */
  public HttpResponse<String> get(MicroNode node, UUID organization, String dataType) {
    return Http.get(node.base(), "api/v1/organizations/" + organization + "/" + dataType, token());
  }
}
