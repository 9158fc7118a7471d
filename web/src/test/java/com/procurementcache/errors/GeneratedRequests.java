package com.procurementcache.errors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Requests made from every path of the API and the server's other endpoints, crossed with methods,
 * tokens, bodies, content types, charsets, query parameters, escapes and headers that a careless or
 * hostile client may send. Seeded: the same requests every run, so that a failure reproduces.
 */
final class GeneratedRequests {

  /** One request: its method, its target (path and query, as sent), headers and body. */
  record Probe(String method, String target, Map<String, String> headers, byte[] body) {

    /** Whether {@link java.net.http.HttpClient} sends it as it is (else a raw socket does). */
    boolean clientSendable() {
      return target.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\' && c != '|')
          && !target.matches(".*%(?![0-9A-Fa-f]{2}).*")
          && method.chars().allMatch(Character::isLetter);
    }

    @Override
    public String toString() {
      return method
          + " "
          + (target.length() > 120 ? target.substring(0, 120) + "…" : target)
          + " "
          + summary(headers)
          + (body == null ? "" : " body " + body.length + " bytes");
    }

    private static String summary(Map<String, String> headers) {
      Map<String, String> shown = new LinkedHashMap<>();
      headers.forEach(
          (name, value) ->
              shown.put(name, value.length() > 40 ? value.length() + " chars" : value));
      return shown.toString();
    }
  }

  static final List<String> METHODS =
      List.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD");

  static final List<String> DATA_TYPES =
      List.of(
          "dashboard-metrics",
          "product-metrics",
          "cogs-analysis",
          "supplier-metrics",
          "invoice-analytics",
          "price-alerts",
          "efficiency-metrics",
          "suppliers",
          "locations",
          "user-preferences",
          "no-such-type");

  /** Paths outside the API that the node serves too. */
  static final List<String> OTHER_PATHS =
      List.of(
          "/",
          "/index.html",
          "/health",
          "/health/ready",
          "/health/live",
          "/health/started",
          "/metrics",
          "/openapi",
          "/client/fetcher.js",
          "/dashboard/main.js",
          "/ws/v1/events",
          "/WEB-INF/web.xml",
          "/errors/problem",
          "/no/such/page",
          "/api",
          "/api/v1",
          "/api/v1/no-such-resource");

  private static final List<String> ESCAPES =
      List.of(
          "%00", "%5C", "%2F", "%2e%2e", "%25", "%E2%82%AC", "%C0%AF", "%ZZ", "%", "\\", ";x=1");

  private static final List<String> QUERIES =
      List.of(
          "",
          "?page=0",
          "?page=-1&size=abc",
          "?size=100000",
          "?sort=%00",
          "?sort=detectedOn,desc",
          "?limit=abc&offset=-1",
          "?limit=99999999999999999999",
          "?page=1&page=2",
          "?x=%E2%82",
          "?x=%ZZ",
          "?" + "q=1&".repeat(300));

  private static final List<String> CONTENT_TYPES =
      List.of(
          "",
          "application/json",
          "application/json; charset=UTF-8",
          "application/json; charset=x-no-such-charset",
          "application/json; charset=\"utf-16\"",
          "application/json; charset=",
          "text/plain; charset=no/such",
          "application/xml",
          "application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded; charset=x-no-such-charset",
          "multipart/form-data",
          "garbage",
          "/",
          "application/problem+json");

  private static final List<String> ACCEPTS =
      List.of("", "application/json", "text/html", "application/xml", "*/*", "garbage;;q=x");

  private final List<String> templates;
  private final Map<String, String> tokens;
  private final UUID organization;
  private final Random random = new Random(20_260_000L);

  /**
   * @param templates the API's paths as the server lists them ({@code /api/v1/…/{orgId}/…})
   * @param tokens bearer header values by name ({@code ""}: none)
   * @param organization an organization that exists
   */
  GeneratedRequests(List<String> templates, Map<String, String> tokens, UUID organization) {
    this.templates = templates;
    this.tokens = tokens;
    this.organization = organization;
  }

  /** At least {@code count} requests: every path with every method and token, then random ones. */
  List<Probe> generate(int count) {
    List<String> paths = new ArrayList<>(OTHER_PATHS);
    templates.forEach(t -> paths.add(fill(t, true)));
    List<Probe> probes = new ArrayList<>();
    for (String path : paths) {
      for (String method : METHODS) {
        for (String token : tokens.values()) {
          probes.add(probe(method, path, token, "", "application/json", null));
        }
      }
    }
    while (probes.size() < count) {
      String path =
          random.nextInt(5) == 0
              ? OTHER_PATHS.get(random.nextInt(OTHER_PATHS.size()))
              : fill(templates.get(random.nextInt(templates.size())), random.nextInt(3) == 0);
      if (random.nextInt(6) == 0) {
        path = escape(path);
      }
      String method = METHODS.get(random.nextInt(METHODS.size()));
      String token = List.copyOf(tokens.values()).get(random.nextInt(tokens.size()));
      byte[] body = random.nextInt(4) == 0 ? null : body(random.nextInt(12));
      probes.add(
          probe(
              method,
              path + pick(QUERIES),
              token,
              pick(ACCEPTS),
              body == null && random.nextBoolean() ? "" : pick(CONTENT_TYPES),
              body));
    }
    return probes;
  }

  private Probe probe(
      String method, String target, String token, String accept, String type, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (!token.isEmpty()) {
      headers.put("Authorization", token);
    }
    if (!accept.isEmpty()) {
      headers.put("Accept", accept);
    }
    if (!type.isEmpty()) {
      headers.put("Content-Type", type);
    }
    if (random.nextInt(40) == 0) {
      headers.put("X-Padding", "p".repeat(12_000));
    }
    if (random.nextInt(40) == 0) {
      headers.put("If-None-Match", "\"" + "x".repeat(random.nextInt(300)));
    }
    if (method.equals("POST")
        && target.startsWith("/api/v1/refresh/runs")
        && token.equals(tokens.get("admin"))) {
      // Every probe is refused: a well-formed one would start a refresh of every organization.
      body = "{\"force\":1}".getBytes(StandardCharsets.UTF_8);
      headers.put("Content-Type", "application/json");
    }
    return new Probe(method, target, headers, body);
  }

  private String fill(String template, boolean odd) {
    String orgId =
        odd
            ? pick(
                List.of(
                    UUID.randomUUID().toString(),
                    "not-a-uuid",
                    organization.toString().toUpperCase(),
                    "x".repeat(3000),
                    "%20"))
            : organization.toString();
    String id = odd ? pick(List.of("nope", "-1", "%00")) : UUID.randomUUID().toString();
    String dataType = pick(DATA_TYPES);
    return template
        .replace("{orgId}", orgId)
        .replace("{organizationId}", orgId)
        .replace("{dataType}", dataType)
        .replace("{id}", id);
  }

  private String escape(String path) {
    String escape = pick(ESCAPES);
    int slash = path.lastIndexOf('/');
    return random.nextBoolean()
        ? path + escape
        : path.substring(0, slash + 1) + escape + path.substring(slash + 1);
  }

  private byte[] body(int kind) {
    String text =
        switch (kind) {
          case 0 -> "{}";
          case 1 -> "{\"theme\":\"dark\",\"pinned\":[1,2,3]}";
          case 2 -> "{";
          case 3 -> "[]";
          case 4 -> "null";
          case 5 -> nested(1100);
          case 6 -> "[".repeat(5000);
          case 7 -> "a=b&c=%ZZ";
          case 8 -> "{\"organizationIds\":[\"not-a-uuid\"],\"force\":\"yes\"}";
          case 9 -> "{\"x\":\"" + "y".repeat(40_000) + "\"}";
          case 10 -> "<xml/>";
          default -> null;
        };
    if (text == null) {
      return new byte[] {(byte) 0xff, (byte) 0xfe, '{', (byte) 0xc3, '}', 0};
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code {"a":{"a":…1…}}} nested {@code depth} levels deep. */
  static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
