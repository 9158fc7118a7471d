package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.boundary.OrganizationData.Source;
import com.procurementcache.cache.control.LocalAnswers;
import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.EncodedAnswer;
import com.procurementcache.cache.entity.PageRequest;
import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.problem.boundary.ProblemException;
import com.procurementcache.security.boundary.OrganizationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Date;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * An organization's data of one type, from the cluster cache, with HTTP caching: {@code
 * Cache-Control} from the type's tier, a strong {@code ETag}, {@code Last-Modified}, and 304 for a
 * conditional request whose copy is current. A viewer reads only its own organization.
 */
@Path("organizations/{orgId}/{dataType}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationDataResource {

  /** The value of {@code source} that bypasses the cache. */
  static final String LIVE = "live";

  @Inject OrganizationData data;

  @Inject OrganizationAccess access;

  @Inject LocalAnswers local;

  @GET
  @RolesAllowed({OrganizationAccess.ADMIN, OrganizationAccess.VIEWER})
  @Operation(
      operationId = "organizationData",
      summary = "An organization's data of one type, from the cluster cache.",
      description =
          "Nightly types are the figures of the organization's last refresh (version 0 and empty"
              + " data before its first); suppliers and locations are its master data."
              + " product-metrics and price-alerts are paged (page, size, sort); other types"
              + " refuse those parameters. Cache-Status (RFC 9211) says how the answer was"
              + " obtained: hit, stale (recomputed in the background), stale-if-error, computed"
              + " or collapsed into another request's computation. With source=live (admin only)"
              + " the data is computed from the source tables on this request, bypassing the"
              + " cache (Cache-Status: fwd=bypass, Cache-Control: no-store, no ETag): to measure"
              + " what the cache saves or to check cached figures, not for dashboards. 400: a"
              + " malformed organization id, page, size, sort or source, or paging a type that is"
              + " not paged; 403: a viewer token of another organization, or source=live with a"
              + " viewer token; 404: no such organization or data type; 503: the data was not"
              + " cached and could not be read now.")
  @APIResponse(
      responseCode = "200",
      description =
          "The data with organizationId, dataType, version, refreshedAt, nextRefreshAt (with"
              + " source=live: version 0, refreshedAt the time of computation). nextRefreshAt is"
              + " null for master data and for an inactive organization, which is not refreshed.",
      headers = {
        @Header(
            name = "ETag",
            description = "Strong tag of organization, type, version and page.",
            schema = @Schema(type = SchemaType.STRING)),
        @Header(
            name = "Last-Modified",
            description = "When the data was produced.",
            schema = @Schema(type = SchemaType.STRING)),
        @Header(
            name = "Cache-Control",
            description =
                "private, max-age=<freshness>, stale-while-revalidate=<retention − freshness>.",
            schema = @Schema(type = SchemaType.STRING)),
        @Header(
            name = HttpCaching.CACHE_STATUS,
            description = "How the answer was obtained.",
            schema = @Schema(type = SchemaType.STRING))
      },
      content = @Content(mediaType = MediaType.APPLICATION_JSON))
  @APIResponse(
      responseCode = "304",
      description = "The client's copy (If-None-Match / If-Modified-Since) is current.")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
  public Response get(
      @Parameter(ref = "OrganizationId") @PathParam("orgId") OrganizationId organization,
      @Parameter(
              description = "The data type.",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {
                        "dashboard-metrics",
                        "product-metrics",
                        "cogs-analysis",
                        "supplier-metrics",
                        "invoice-analytics",
                        "price-alerts",
                        "efficiency-metrics",
                        "suppliers",
                        "locations"
                      }))
          @PathParam("dataType")
          String dataType,
      @Parameter(
              description = "Paged types: the page, from 0.",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
          @QueryParam("page")
          String page,
      @Parameter(
              description = "Paged types: items per page, 1 to cache.page.max-size (default 500).",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
          @QueryParam("size")
          String size,
      @Parameter(
              description =
                  "Paged types: field[,asc|desc]. product-metrics: totalSpend (default, desc),"
                      + " totalQuantity, purchaseCount, averageUnitPrice, priceChangeRatio,"
                      + " lastPurchasedOn, productName, category. price-alerts: detectedOn"
                      + " (default, desc), changeRatio, severity, currentUnitPrice, productName,"
                      + " supplierName.")
          @QueryParam("sort")
          String sort,
      @Parameter(
              description =
                  "live (admin only): compute the data from the source tables now, with the"
                      + " analytics SQL functions the nightly refresh uses, without reading or"
                      + " writing the cache. Costly: for benchmarks and checks.",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {LIVE}))
          @QueryParam("source")
          String source,
      @Context Request request)
      throws SQLException {
    DataType type = data.type(dataType);
    access.requireRead(organization);
    Optional<PageRequest> paging = data.paging(type, page, size, sort);
    Source from = source(source);
    DataAnswer answer =
        data.answer(organization, type, paging, from)
            .orElseThrow(() -> ProblemException.noOrganization(organization));
    return from == Source.LIVE ? live(answer) : cached(answer, request);
  }

  /** The source asked for; live data is for admins only. */
  private Source source(String source) {
    if (source == null) {
      return Source.CACHE;
    }
    if (!LIVE.equals(source)) {
      throw ProblemException.badRequest(
          "source must be '" + LIVE + "' (or left out for the cached data), got '" + source + "'.");
    }
    if (!access.isAdmin()) {
      throw ProblemException.forbidden("source=live is for admin tokens.");
    }
    return Source.LIVE;
  }

  /**
   * A cached answer with HTTP caching; a fresh one is also kept in this node's local layer, from
   * which the short path ({@link CachedAnswerFilter}) answers the next requests for it.
   */
  private Response cached(DataAnswer answer, Request request) {
    EncodedAnswer encoded = WireAnswer.encode(answer);
    if (answer.outcome() != CacheOutcome.STALE && answer.outcome() != CacheOutcome.STALE_IF_ERROR) {
      local.keep(
          new LocalAnswers.Key(answer.organization().uuid(), answer.type(), answer.page()),
          encoded);
    }
    EntityTag etag = EntityTag.valueOf(encoded.etag());
    Date lastModified =
        answer.value().refreshedAt() == null ? null : Date.from(answer.value().refreshedAt());
    Response.ResponseBuilder notModified =
        lastModified == null
            ? request.evaluatePreconditions(etag)
            : request.evaluatePreconditions(lastModified, etag);
    Response.ResponseBuilder response =
        notModified != null ? notModified : Response.ok(encoded.body(), WireAnswer.CONTENT_TYPE);
    WireAnswer.headers(
        encoded,
        answer.outcome(),
        answer.answeredAt(),
        (name, value) -> response.header(name, null).header(name, value));
    return response.build();
  }

  /** The data computed from the source on this request: never cached, by the server or a client. */
  private static Response live(DataAnswer answer) {
    return Response.ok(DataDocument.of(answer))
        .header("Cache-Control", "no-store")
        .header(HttpCaching.CACHE_STATUS, HttpCaching.bypassed())
        .build();
  }
}
