package com.procurementcache.cache.boundary;

import com.procurementcache.cache.control.CacheComputationException;
import com.procurementcache.problem.boundary.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Data that was not cached and could not be read (PostgreSQL unavailable, or the computation took
 * too long): 503 with Retry-After, the cause in the server log only.
 */
@Provider
public class CacheUnavailableMapper implements ExceptionMapper<CacheComputationException> {

  private static final Logger LOG = Logger.getLogger(CacheUnavailableMapper.class.getName());

  @Override
  public Response toResponse(CacheComputationException exception) {
    LOG.log(Level.WARNING, "Data could not be served", exception);
    Response problem =
        Problem.of(
                Response.Status.SERVICE_UNAVAILABLE,
                "The data is not cached and cannot be read right now; try again shortly.")
            .toResponse();
    problem.getHeaders().add("Retry-After", "5");
    return problem;
  }
}
