package com.procurementcache.refresh.boundary;

import com.procurementcache.organization.boundary.OrganizationIdParameter;
import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.problem.boundary.ProblemException;
import com.procurementcache.refresh.control.RunUnderWay;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Refresh runs (admin): start one by hand, list them, read one with its outcomes. */
@Path("refresh/runs")
@RequestScoped
@RolesAllowed(OrganizationAccess.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class RefreshRunsResource {

  static final int MAX_LIMIT = 100;

  @Inject RefreshNode node;

  @Inject RefreshAudit audit;

  @Inject OrganizationAccess access;

  @Context UriInfo uri;

  @Inject
  @ConfigProperty(name = "refresh.max-organization-ids")
  int maxOrganizationIds;

  /** A run started by hand. */
  public record RunRequest(List<UUID> organizationIds, boolean force) {}

  /** A run with the outcome of each organization. */
  public record RunDetail(RunReport run, List<OrganizationOutcome> organizations) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Start a refresh run now (admin).",
      description =
          "Body (optional): {\"organizationIds\": [uuid, …], \"force\": true}, at most"
              + " refresh.max-organization-ids ids. Without ids every"
              + " active organization is refreshed; without force, organizations refreshed less"
              + " than refresh.min-age ago are skipped. One full run (without ids) runs at a"
              + " time in the cluster: while one is under way, another is refused with 409 and"
              + " the Location of the run under way, which the caller follows instead; a run of"
              + " named organizations may run beside it. 400: the body is not valid JSON of that"
              + " shape, or an organization does not exist.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RunRequest.class)))
  @APIResponse(responseCode = "202", description = "Started; Location names the run.")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "409", ref = "RunUnderWay")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  public Response start(String body) {
    RunRequest request = parse(body, maxOrganizationIds);
    UUID id;
    try {
      id =
          node.startRun(
              RunTrigger.API, access.subject(), request.organizationIds(), request.force());
    } catch (RefreshRequestRefused e) {
      throw ProblemException.badRequest(e.getMessage());
    } catch (RunUnderWay e) {
      throw ProblemException.conflict(e.getMessage(), runLocation(e.runId()));
    }
    URI location = runLocation(id);
    return Response.accepted(
            Json.createObjectBuilder()
                .add("id", id.toString())
                .add("status", RunStatus.RUNNING.wireName())
                .add("location", location.toString())
                .build())
        .location(location)
        .build();
  }

  private URI runLocation(UUID id) {
    return uri.getAbsolutePathBuilder().path(id.toString()).build();
  }

  @GET
  @Operation(
      summary = "Refresh runs, newest first (admin).",
      description = "400: limit or offset out of range.")
  @APIResponse(
      responseCode = "200",
      description = "The runs.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = RunReport.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public List<RunReport> runs(
      @Parameter(
              description = "How many runs, 1 to " + MAX_LIMIT + ".",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
          @QueryParam("limit")
          @DefaultValue("20")
          String limit,
      @Parameter(
              description = "How many of the newest runs to pass over.",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          @DefaultValue("0")
          String offset)
      throws SQLException {
    return audit.runs(
        number("limit", limit, 1, MAX_LIMIT), number("offset", offset, 0, Integer.MAX_VALUE));
  }

  @GET
  @Path("{id}")
  @Operation(
      summary = "One run with each organization's outcome (admin).",
      description = "400: the id is not a UUID; 404: no such run.")
  @APIResponse(
      responseCode = "200",
      description = "The run and its outcomes.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RunDetail.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public RunDetail run(@PathParam("id") String id) throws SQLException {
    UUID runId;
    try {
      runId = OrganizationId.canonicalUuid("Run id", id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(e.getMessage());
    }
    RunReport run =
        audit.run(runId).orElseThrow(() -> ProblemException.notFound("No refresh run " + id + "."));
    return new RunDetail(run, audit.outcomes(runId));
  }

  static RunRequest parse(String body, int maxOrganizationIds) {
    if (body == null || body.isBlank()) {
      return new RunRequest(List.of(), false);
    }
    JsonObject json;
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      json = reader.readObject();
    } catch (RuntimeException e) {
      // JsonException, IllegalStateException, and the parser's bare RuntimeException for nesting
      // beyond its limit.
      throw ProblemException.badRequest("The body must be a JSON object.");
    }
    for (String key : json.keySet()) {
      if (!key.equals("organizationIds") && !key.equals("force")) {
        throw ProblemException.badRequest("Unknown field '" + key + "'.");
      }
    }
    boolean force = false;
    JsonValue forceValue = json.get("force");
    if (forceValue != null && forceValue != JsonValue.NULL) {
      if (forceValue != JsonValue.TRUE && forceValue != JsonValue.FALSE) {
        throw ProblemException.badRequest("'force' must be true or false.");
      }
      force = forceValue == JsonValue.TRUE;
    }
    List<UUID> ids = new ArrayList<>();
    JsonValue idsValue = json.get("organizationIds");
    if (idsValue != null && idsValue != JsonValue.NULL) {
      if (!(idsValue instanceof JsonArray array)) {
        throw ProblemException.badRequest("'organizationIds' must be an array of UUIDs.");
      }
      if (array.size() > maxOrganizationIds) {
        throw ProblemException.badRequest(
            "'organizationIds' names "
                + array.size()
                + " organizations; at most "
                + maxOrganizationIds
                + " are accepted in one run.");
      }
      for (JsonValue v : array) {
        if (!(v instanceof JsonString s)) {
          throw ProblemException.badRequest("'organizationIds' must be an array of UUIDs.");
        }
        ids.add(OrganizationIdParameter.parse(s.getString()).uuid());
      }
    }
    return new RunRequest(List.copyOf(ids), force);
  }

  static int number(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ProblemException.badRequest(
        "'" + name + "' must be a whole number from " + min + " to " + max + ".");
  }
}
