package com.procurementcache.problem.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Thrown by a resource to answer with a problem of a given status and a specific detail. */
public class ProblemException extends WebApplicationException {

  private final String detail;

  public ProblemException(Response.Status status, String detail) {
    super(detail, status);
    this.detail = detail;
  }

  /** A problem whose response carries headers too, such as the Location of a 409. */
  public ProblemException(Response response, String detail) {
    super(detail, response);
    this.detail = detail;
  }

  public String detail() {
    return detail;
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(Response.Status.BAD_REQUEST, detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Response.Status.NOT_FOUND, detail);
  }

  /** 404: the organization {@code id} names does not exist (or the token's does not). */
  public static ProblemException noOrganization(Object id) {
    return notFound("No organization " + id + ".");
  }

  /** 409: the request conflicts with {@code location}, the resource the client should follow. */
  public static ProblemException conflict(String detail, URI location) {
    return new ProblemException(
        Response.status(Response.Status.CONFLICT).location(location).build(), detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(Response.Status.FORBIDDEN, detail);
  }
}
