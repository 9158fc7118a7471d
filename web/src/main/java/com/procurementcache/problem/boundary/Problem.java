package com.procurementcache.problem.boundary;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail: what every error of the API looks like. It never carries a stack
 * trace or an internal class name.
 */
public record Problem(String type, String title, int status, String detail) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(Response.StatusType status, String detail) {
    return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail);
  }

  /** A problem of {@code status} with its reason phrase as title and its usual detail. */
  public static Problem of(int status) {
    return new Problem("about:blank", title(status), status, defaultDetail(status));
  }

  /** What a status means to a client of this API, when nothing more specific is known. */
  public static String defaultDetail(int status) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 401 ->
          "A valid bearer token is required: the token is missing, malformed, expired or not"
              + " signed by the configured issuer.";
      case 403 -> "The token does not allow this request.";
      case 404 -> "No such resource.";
      case 405 -> "This method is not allowed on this resource.";
      case 406 -> "This resource answers in application/json only.";
      case 413 -> "The request body is too large.";
      case 414 -> "The request URI is too long.";
      case 415 -> "This resource accepts application/json only.";
      case 431 -> "The request's header fields are too large.";
      case 500 -> "The request could not be completed; the server log has the details.";
      default -> title(status);
    };
  }

  private static String title(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    if (known != null) {
      return known.getReasonPhrase();
    }
    return status >= 500 ? "Server Error" : "Client Error";
  }

  public Response toResponse() {
    return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
  }

  /** The problem document, for answers written outside JAX-RS. */
  public String json() {
    var json =
        Json.createObjectBuilder().add("type", type).add("title", title).add("status", status);
    if (detail != null) {
      json.add("detail", detail);
    }
    return json.build().toString();
  }
}
