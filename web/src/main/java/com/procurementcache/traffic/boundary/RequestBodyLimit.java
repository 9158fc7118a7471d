package com.procurementcache.traffic.boundary;

import com.procurementcache.problem.boundary.ProblemException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds every API request body to {@code api.max-body-bytes}: a body that says it is longer is
 * refused with 413 before a byte of it is read, and a body of unknown length (chunked) is refused
 * with 413 as soon as more than the limit has been read. So no resource reads an unbounded body
 * whole before it checks its size.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class RequestBodyLimit implements ContainerRequestFilter {

  @Inject
  @ConfigProperty(name = "api.max-body-bytes")
  long maxBytes;

  @Override
  public void filter(ContainerRequestContext request) {
    int length = request.getLength();
    if (length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    request.setEntityStream(new Bounded(request.getEntityStream(), maxBytes));
  }

  static ProblemException tooLarge(long maxBytes) {
    return new ProblemException(
        Response.Status.REQUEST_ENTITY_TOO_LARGE,
        "The body is larger than " + maxBytes + " bytes, the most this API accepts.");
  }

  /** An entity stream that refuses to give more than its limit. */
  static final class Bounded extends FilterInputStream {

    private final long limit;
    private long read;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void count(long n) {
      read += n;
      if (read > limit) {
        throw tooLarge(limit);
      }
    }
  }
}
