package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.boundary.LiveData;
import com.procurementcache.analytics.control.OrganizationDataReader;
import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.Served;
import com.procurementcache.organization.boundary.OrganizationsResource;
import com.procurementcache.problem.boundary.Problem;
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
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

  static final String DATA_TYPES =
      "dashboard-metrics, product-metrics, cogs-analysis, supplier-metrics, invoice-analytics,"
          + " price-alerts, efficiency-metrics, suppliers, locations";

  /** The value of {@code source} that bypasses the cache. */
  static final String LIVE = "live";

  @Inject CachedData data;

  @Inject LiveData live;

  @Inject OrganizationAccess access;

  @Inject
  @ConfigProperty(name = "cache.page.default-size")
  int defaultSize;

  @Inject
  @ConfigProperty(name = "cache.page.max-size")
  int maxSize;

  @GET
  @RolesAllowed({OrganizationAccess.ADMIN, OrganizationAccess.VIEWER})
  @Operation(
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
              + " what the cache saves or to check cached figures, not for dashboards.")
  @APIResponse(
      responseCode = "200",
      description =
          "The data with organizationId, dataType, version, refreshedAt, nextRefreshAt (with"
              + " source=live: version 0, refreshedAt the time of computation).",
      headers = {
        @Header(name = "ETag", description = "Strong tag of organization, type, version and page."),
        @Header(name = "Last-Modified", description = "When the data was produced."),
        @Header(
            name = "Cache-Control",
            description =
                "private, max-age=<freshness>, stale-while-revalidate=<retention − freshness>."),
        @Header(name = HttpCaching.CACHE_STATUS, description = "How the answer was obtained.")
      },
      content = @Content(mediaType = MediaType.APPLICATION_JSON))
  @APIResponse(
      responseCode = "304",
      description = "The client's copy (If-None-Match / If-Modified-Since) is current.")
  @APIResponse(
      responseCode = "400",
      description =
          "Malformed organization id, page, size, sort or source, or paging a type that is not"
              + " paged.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "401",
      description = "No valid bearer token.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "A viewer token of another organization; source=live with a viewer token.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such organization or data type.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "503",
      description = "The data was not cached and could not be read now; retry later.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response get(
      @Parameter(
              description = "The organization (UUID).",
              schema = @Schema(type = SchemaType.STRING, format = "uuid"))
          @PathParam("orgId")
          String orgId,
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
    UUID organization = OrganizationsResource.parseOrganizationId(orgId);
    DataType type =
        DataType.fromSlug(dataType)
            .filter(t -> t != DataType.USER_PREFERENCES)
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "No data type '" + dataType + "'; there are " + DATA_TYPES + "."));
    if (!access.mayRead(organization)) {
      throw ProblemException.forbidden(
          "This token may not read organization " + organization + ".");
    }
    PageRequest paging = paging(type, page, size, sort);
    if (source != null) {
      return live(organization, type, source, paging);
    }

    Served served =
        data.read(organization, type)
            .orElseThrow(() -> ProblemException.notFound("No organization " + organization + "."));
    CachedValue value = served.value();
    Instant now = Instant.now();
    Instant nextRefresh = type.nightly() ? data.nextRefreshAt() : null;
    CacheTier tier = data.tier(type);

    EntityTag etag =
        paging == null
            ? HttpCaching.etag(organization, type.slug(), value.version())
            : HttpCaching.etag(
                organization,
                type.slug(),
                value.version(),
                paging.page(),
                paging.size(),
                paging.sort());
    Date lastModified = value.refreshedAt() == null ? null : Date.from(value.refreshedAt());
    Response.ResponseBuilder notModified =
        lastModified == null
            ? request.evaluatePreconditions(etag)
            : request.evaluatePreconditions(lastModified, etag);
    Response.ResponseBuilder answer =
        notModified != null
            ? notModified
            : Response.ok(body(organization, type, value, nextRefresh, paging));
    answer
        .tag(etag)
        .header(
            "Cache-Control",
            type.nightly() && value.version() == 0
                ? HttpCaching.notYetComputed()
                : HttpCaching.cacheControl(tier, served.outcome(), now, nextRefresh))
        .header(HttpCaching.CACHE_STATUS, HttpCaching.cacheStatus(served.outcome()));
    if (lastModified != null) {
      answer.lastModified(lastModified);
    }
    return answer.build();
  }

  /** The data computed from the source on this request: never cached, by the server or a client. */
  private Response live(UUID organization, DataType type, String source, PageRequest paging)
      throws SQLException {
    if (!LIVE.equals(source)) {
      throw ProblemException.badRequest(
          "source must be '" + LIVE + "' (or left out for the cached data), got '" + source + "'.");
    }
    if (!access.isAdmin()) {
      throw ProblemException.forbidden("source=live is for admin tokens.");
    }
    CachedValue value =
        live.compute(organization, type)
            .orElseThrow(() -> ProblemException.notFound("No organization " + organization + "."));
    Instant nextRefresh = type.nightly() ? data.nextRefreshAt() : null;
    return Response.ok(body(organization, type, value, nextRefresh, paging))
        .header("Cache-Control", "no-store")
        .header(HttpCaching.CACHE_STATUS, HttpCaching.bypassed())
        .build();
  }

  private PageRequest paging(DataType type, String page, String size, String sort) {
    List<String> sortable = OrganizationDataReader.sortableFields(type);
    if (sortable.isEmpty()) {
      if (page != null || size != null || sort != null) {
        throw ProblemException.badRequest(
            type.slug()
                + " is not paged: page, size and sort are for product-metrics and price-alerts.");
      }
      return null;
    }
    return PageRequest.parse(
        page, size, sort, sortable, sortable.get(0) + ",desc", defaultSize, maxSize);
  }

  private static String body(
      UUID organization,
      DataType type,
      CachedValue value,
      Instant nextRefresh,
      PageRequest paging) {
    if (paging == null) {
      return DataDocument.of(
          organization,
          type.slug(),
          value.version(),
          value.refreshedAt(),
          nextRefresh,
          value.json(),
          null);
    }
    int total = value.items().size();
    return DataDocument.of(
        organization,
        type.slug(),
        value.version(),
        value.refreshedAt(),
        nextRefresh,
        DataDocument.array(paging.itemsOf(value)),
        new DataDocument.Page(
            paging.page(), paging.size(), total, paging.totalPages(total), paging.sort()));
  }
}
