package com.procurementcache.it;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for black-box calls against a node (Payara Micro or Server). */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /**
   * GETs {@code path}: relative paths (the API) resolve against the deployment's context root,
   * absolute ones (MicroProfile Health) against the server root.
   */
  public static HttpResponse<String> get(URL base, String path, String bearerToken) {
    return send(request(base, path, bearerToken).GET().build());
  }

  /**
   * A request for {@code path} (resolved as by {@link #get}) accepting JSON, with the bearer token
   * if one is given; add headers and the method, then {@link #send} it.
   */
  public static HttpRequest.Builder request(URL base, String path, String bearerToken) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(root).resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    return request;
  }

  public static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** Sends {@code method} with a JSON body (may be null) to {@code path}, resolved as in get. */
  public static HttpResponse<String> send(
      URL base, String method, String path, String bearerToken, String jsonBody) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(root).resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonStructure json(HttpResponse<String> response) {
    try (var reader = Json.createReader(new StringReader(response.body()))) {
      return reader.read();
    }
  }

  public static String contentType(HttpResponse<String> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }
}
