package com.procurementcache.preferences.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.boundary.CachedData;
import com.procurementcache.cache.boundary.HttpCaching;
import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.Served;
import com.procurementcache.problem.boundary.ProblemException;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The caller's own preferences (the token's subject in the token's organization): a JSON object the
 * client owns, cached read-through and evicted when written. PUT honours If-Match.
 */
@Path("me/preferences")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PreferencesResource {

  @Inject PreferenceStore store;

  @Inject CachedData data;

  @Inject OrganizationAccess access;

  @Inject Clock clock;

  @Context HttpHeaders headers;

  @GET
  @RolesAllowed({OrganizationAccess.ADMIN, OrganizationAccess.VIEWER})
  @Operation(
      operationId = "preferences",
      summary = "The caller's preferences.",
      description =
          "The empty object, version 0, for a user who never saved any. 403: the token names no"
              + " organization; 404: the token's organization does not exist.")
  @APIResponse(responseCode = "200", description = "The preferences with their version.")
  @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current.")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Response get(@Context Request request) {
    UUID organization = organization();
    String user = access.subject();
    Served served =
        store
            .read(organization, user)
            .orElseThrow(() -> ProblemException.noOrganization(organization));
    EntityTag etag = etag(organization, user, served.value().version());
    Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
    Response.ResponseBuilder answer =
        notModified != null
            ? notModified
            : Response.ok(document(organization, user, served.value()));
    return answer
        .tag(etag)
        .header(
            "Cache-Control",
            HttpCaching.cacheControl(
                data.tier(DataType.USER_PREFERENCES), served.outcome(), clock.instant(), null))
        .header(HttpCaching.CACHE_STATUS, HttpCaching.cacheStatus(served.outcome()))
        .build();
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({OrganizationAccess.ADMIN, OrganizationAccess.VIEWER})
  @Operation(
      operationId = "replacePreferences",
      summary = "Replace the caller's preferences.",
      description =
          "The body is one JSON object of at most preferences.max-bytes bytes. With If-Match (the"
              + " ETag of a GET), the write happens only if nobody wrote in between; without it,"
              + " writes of one user that meet take turns and the last one stays. 400: the body"
              + " is not a JSON object, or too large; 403: the token names no organization; 404:"
              + " the token's organization does not exist; 412: If-Match names a version that is"
              + " no longer current; 413: the body is larger than api.max-body-bytes.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "200", description = "Stored; the new version and ETag.")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "412", ref = "PreconditionFailed")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  public Response put(String body, @Context Request request) {
    UUID organization = organization();
    String user = access.subject();
    String document;
    try {
      document = store.validated(body);
    } catch (InvalidPreferences e) {
      throw ProblemException.badRequest(e.getMessage());
    }
    OptionalLong expected = OptionalLong.empty();
    if (headers.getHeaderString(HttpHeaders.IF_MATCH) != null) {
      CachedValue current =
          store
              .read(organization, user)
              .orElseThrow(() -> ProblemException.noOrganization(organization))
              .value();
      Response.ResponseBuilder failed =
          request.evaluatePreconditions(etag(organization, user, current.version()));
      if (failed != null) {
        throw new ProblemException(
            Response.Status.PRECONDITION_FAILED,
            "The preferences changed since that version; GET them again and retry.");
      }
      expected = OptionalLong.of(current.version());
    }
    CachedValue stored;
    try {
      stored = store.replace(organization, user, document, expected);
    } catch (PreferencesConflict e) {
      throw new ProblemException(Response.Status.PRECONDITION_FAILED, e.getMessage());
    } catch (UnknownOrganization e) {
      throw ProblemException.notFound(e.getMessage());
    }
    return Response.ok(document(organization, user, stored))
        .tag(etag(organization, user, stored.version()))
        .header(HttpCaching.CACHE_STATUS, HttpCaching.cacheStatus(CacheOutcome.COMPUTED))
        .build();
  }

  private UUID organization() {
    return access
        .ownOrganization()
        .orElseThrow(
            () -> ProblemException.forbidden("This token names no organization (claim org_id)."));
  }

  private static EntityTag etag(UUID organization, String user, long version) {
    return HttpCaching.etag(organization, DataType.USER_PREFERENCES.slug(), user, version);
  }

  private static String document(UUID organization, String user, CachedValue value) {
    return Json.createObjectBuilder()
        .add("organizationId", organization.toString())
        .add("userId", user)
        .add("version", value.version())
        .add(
            "updatedAt",
            value.refreshedAt() == null
                ? JsonValue.NULL
                : Json.createValue(value.refreshedAt().toString()))
        .add("preferences", parse(value.json()))
        .build()
        .toString();
  }

  private static JsonValue parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readValue();
    }
  }
}
