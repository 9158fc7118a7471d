package com.procurementcache.problem.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** HTTP errors raised by resources or JAX-RS itself (404, 405, 415, 403 …) as problems. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    Response.StatusType status = original.getStatusInfo();
    String detail = exception instanceof ProblemException p ? p.detail() : defaultDetail(status);
    Response problem = Problem.of(status, detail).toResponse();
    // Keep headers that matter to the client, such as Allow on 405 and WWW-Authenticate on 401.
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> problem.getHeaders().add(name, v));
              }
            });
    return problem;
  }

  private static String defaultDetail(Response.StatusType status) {
    return switch (status.getStatusCode()) {
      case 401 -> "A valid bearer token is required.";
      case 403 -> "The token does not allow this request.";
      case 404 -> "No such resource.";
      case 405 -> "This method is not allowed on this resource.";
      case 406 -> "This resource answers in application/json only.";
      case 415 -> "This resource accepts application/json only.";
      default -> status.getReasonPhrase();
    };
  }
}
