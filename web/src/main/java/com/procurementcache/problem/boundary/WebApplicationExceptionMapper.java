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
    String detail =
        exception instanceof ProblemException p
            ? p.detail()
            : Problem.defaultDetail(status.getStatusCode());
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
}
