package com.procurementcache.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.AdminApi;
import com.procurementcache.it.Http;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the dashboard tests ask the node's REST API, as an admin: the figures the page must show,
 * and forced refresh runs.
 */
final class DashboardApi {

  /** The refresh's names of the key figures it compares, and where the API has each. */
  static final Map<String, String> KEY_FIGURES =
      Map.of(
          "total_spend", "totalSpend",
          "spend_last_30_days", "spendLast30Days",
          "invoice_count", "invoiceCount",
          "active_supplier_count", "activeSupplierCount",
          "product_count", "productCount",
          "average_invoice_amount", "averageInvoiceAmount");

  private final URL base;
  private final Supplier<String> adminToken;

  DashboardApi(URL base, Supplier<String> adminToken) {
    this.base = base;
    this.adminToken = adminToken;
  }

  /** The organization's dashboard-metrics document. */
  JsonObject dashboard(UUID organization) {
    return document(organization, "dashboard-metrics");
  }

  /** How many price alerts the organization has (the paged list's total). */
  long priceAlerts(UUID organization) {
    return document(organization, "price-alerts")
        .getJsonObject("page")
        .getJsonNumber("totalItems")
        .longValue();
  }

  /** The organization's key figures by the refresh's names, as the API serves them now. */
  Map<String, BigDecimal> keyFigures(UUID organization) {
    JsonObject data = dashboard(organization).getJsonObject("data");
    Map<String, BigDecimal> figures = new LinkedHashMap<>();
    KEY_FIGURES.forEach((figure, field) -> figures.put(figure, number(data, field)));
    figures.put("price_alert_count", BigDecimal.valueOf(priceAlerts(organization)));
    return figures;
  }

  /** Starts a forced run of {@code organizations} and waits until it has ended; its id. */
  String refresh(Collection<UUID> organizations) {
    String run = startRun(organizations);
    awaitRun(run);
    return run;
  }

  /** Starts a forced run of {@code organizations}; its id. */
  String startRun(Collection<UUID> organizations) {
    HttpResponse<String> started =
        Http.send(
            base,
            "POST",
            "api/v1/refresh/runs",
            adminToken.get(),
            AdminApi.forcedRun(organizations));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return Http.json(started).asJsonObject().getString("id");
  }

  /** Waits until the run has ended; it must have completed. */
  void awaitRun(String run) {
    String status =
        await("run " + run)
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    Http.json(Http.get(base, "api/v1/refresh/runs/" + run, adminToken.get()))
                        .asJsonObject()
                        .getJsonObject("run")
                        .getString("status"),
                s -> !s.equals("running") && !s.equals("pending"));
    assertThat(status).as("run " + run).isEqualTo("completed");
  }

  static BigDecimal number(JsonObject data, String field) {
    JsonNumber value = data.getJsonNumber(field);
    return value == null ? null : value.bigDecimalValue();
  }

  static long version(JsonObject document) {
    return document.getJsonNumber("version").longValue();
  }

  private JsonObject document(UUID organization, String dataType) {
    HttpResponse<String> response =
        Http.get(base, "api/v1/organizations/" + organization + "/" + dataType, adminToken.get());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.json(response).asJsonObject();
  }
}
