package com.procurementcache.traffic.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts every {@code /api} request this node serves, from its arrival to its answer, into {@link
 * NodeTraffic}. Mapped in {@code web.xml} ahead of every other filter, so that it wraps them all (a
 * filter that answers a request itself is counted too). Health and metrics probes are not under
 * {@code /api}, and the refresh makes no HTTP requests: neither is counted. No API resource answers
 * asynchronously, so the answer is ready when the chain returns.
 */
public class ApiTrafficFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject transient NodeTraffic traffic;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long started = traffic.started();
    try {
      chain.doFilter(request, response);
    } finally {
      traffic.finished(started);
    }
  }
}
