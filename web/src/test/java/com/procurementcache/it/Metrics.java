package com.procurementcache.it;

import java.net.URL;
import java.net.http.HttpResponse;

/** Reads a node's application metrics from {@code /metrics} (Prometheus text). */
public final class Metrics {

  private Metrics() {}

  /** The value of {@code name} with tag {@code data_type=dataType}; 0 if the node has none yet. */
  public static double value(URL base, String name, String dataType) {
    HttpResponse<String> response = fetch(base);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + response.statusCode());
    }
    String tag = "data_type=\"" + dataType + "\"";
    return response
        .body()
        .lines()
        .filter(line -> line.startsWith(name + "{") && line.contains(tag))
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0.0);
  }

  /** The sum of {@code name} over all its tags; 0 if the node has none yet. */
  public static double total(URL base, String name) {
    return text(base)
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  public static String text(URL base) {
    return fetch(base).body();
  }

  private static HttpResponse<String> fetch(URL base) {
    // /metrics answers Prometheus text only: a JSON Accept header gets 406.
    return Http.send(
        Http.request(base, "/metrics?scope=application", null)
            .setHeader("Accept", "text/plain")
            .GET()
            .build());
  }
}
