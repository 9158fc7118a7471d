package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.control.CacheCounters;
import com.procurementcache.cache.control.LocalAnswers;
import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.EncodedAnswer;
import com.procurementcache.cache.entity.PageRequest;
import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.security.boundary.Callers;
import com.procurementcache.security.entity.VerifiedToken;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The short path for hits (docs/adr/0008): a {@code GET} of an organization's data that this node's
 * local layer ({@link LocalAnswers}) holds fresh and current is answered here, before the JAX-RS
 * pipeline, with the very bytes and headers the resource would send ({@link WireAnswer}); a
 * conditional request whose {@code If-None-Match} names the answer gets 304 from the entry's tag
 * alone. Everything else, including every request this filter is not sure of (another method or
 * parameter, an escaped path, a caller that may not read the organization, a refused parameter,
 * other conditional headers, an {@code Accept} without JSON), goes on to JAX-RS unchanged, which
 * answers it and its problems as always.
 */
@WebFilter(urlPatterns = "/api/v1/organizations/*", asyncSupported = true)
public class CachedAnswerFilter extends HttpFilter {

  private static final String PREFIX = "/api/v1/organizations/";

  private static final Set<String> PAGING = Set.of("page", "size", "sort");

  private static final String[] OTHER_CONDITIONS = {
    "If-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range"
  };

  @Inject OrganizationData data;

  @Inject LocalAnswers local;

  @Inject CacheCounters counters;

  @Inject Clock clock;

  /** A request this filter answers: the data type and the local entry. */
  private record Hit(DataType type, EncodedAnswer answer) {}

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Optional<Hit> hit = local.enabled() ? hit(request) : Optional.empty();
    if (hit.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    EncodedAnswer answer = hit.get().answer();
    counters.hit(hit.get().type(), false);
    boolean notModified = answer.matches(request.getHeader("If-None-Match"));
    response.setStatus(
        notModified ? HttpServletResponse.SC_NOT_MODIFIED : HttpServletResponse.SC_OK);
    WireAnswer.headers(answer, CacheOutcome.HIT, clock.instant(), response::setHeader);
    if (!notModified) {
      byte[] body = answer.body();
      response.setContentType(WireAnswer.CONTENT_TYPE);
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  /** The local entry that answers {@code request}, if this filter may answer it. */
  private Optional<Hit> hit(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod()) || !acceptsJson(request.getHeader("Accept"))) {
      return Optional.empty();
    }
    for (String header : OTHER_CONDITIONS) {
      if (request.getHeader(header) != null) {
        return Optional.empty();
      }
    }
    String uri = request.getRequestURI();
    String path = uri.substring(request.getContextPath().length());
    if (!path.startsWith(PREFIX) || uri.indexOf('%') >= 0 || uri.indexOf(';') >= 0) {
      return Optional.empty();
    }
    int slash = path.indexOf('/', PREFIX.length());
    if (slash < 0 || path.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    Optional<VerifiedToken> caller = Callers.of(request);
    Optional<DataType> type = DataType.fromSlug(path.substring(slash + 1));
    if (caller.isEmpty() || type.isEmpty() || type.get() == DataType.USER_PREFERENCES) {
      return Optional.empty();
    }
    OrganizationId organization;
    try {
      organization = OrganizationId.parse(path.substring(PREFIX.length(), slash));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!caller.get().mayRead(organization.uuid()) || !onlyPaging(request)) {
      return Optional.empty();
    }
    Optional<PageRequest> page;
    try {
      page =
          data.paging(
              type.get(),
              request.getParameter("page"),
              request.getParameter("size"),
              request.getParameter("sort"));
    } catch (DataRequestRefused e) {
      return Optional.empty();
    }
    return local
        .fresh(new LocalAnswers.Key(organization.uuid(), type.get(), page.orElse(null)))
        .map(answer -> new Hit(type.get(), answer));
  }

  private static boolean onlyPaging(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query == null) {
      return true;
    }
    if (query.indexOf('%') >= 0 || query.indexOf('+') >= 0) {
      return false;
    }
    for (String name : request.getParameterMap().keySet()) {
      if (!PAGING.contains(name) || request.getParameterValues(name).length != 1) {
        return false;
      }
    }
    return true;
  }

  /** No {@code Accept}, or a plain one that takes JSON (any weighing is left to JAX-RS). */
  private static boolean acceptsJson(String accept) {
    if (accept == null) {
      return true;
    }
    if (accept.contains("q=")) {
      return false;
    }
    return accept.contains("*/*")
        || accept.contains("application/json")
        || accept.contains("application/*");
  }
}
