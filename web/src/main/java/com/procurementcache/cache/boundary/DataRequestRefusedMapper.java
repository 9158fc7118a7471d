package com.procurementcache.cache.boundary;

import com.procurementcache.problem.boundary.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An unknown data type is a 404 problem, a wrong paging parameter a 400, both with the reason. */
@Provider
public class DataRequestRefusedMapper implements ExceptionMapper<DataRequestRefused> {

  @Override
  public Response toResponse(DataRequestRefused refused) {
    Response.Status status =
        refused.unknownType() ? Response.Status.NOT_FOUND : Response.Status.BAD_REQUEST;
    return Problem.of(status, refused.getMessage()).toResponse();
  }
}
