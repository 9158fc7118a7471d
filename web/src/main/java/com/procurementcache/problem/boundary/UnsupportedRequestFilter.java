package com.procurementcache.problem.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses, as problems, requests that the servlets behind it would answer with a server error or
 * with something other than a problem:
 *
 * <ul>
 *   <li>a query string with a malformed percent-escape (400: decoding its parameters fails);
 *   <li>a {@code Content-Type} naming a charset this server cannot decode (415);
 *   <li>outside the JAX-RS API (which answers 405 with {@code Allow} itself), a method the Servlet
 *       API does not know, such as PATCH (405 rather than the servlets' 501);
 *   <li>a WADL ({@code application.wadl}) of any Jersey application of this context, which names
 *       the implementation and its version (404).
 * </ul>
 */
public class UnsupportedRequestFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  private static final Set<String> SERVLET_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE");

  private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString();
    if (query != null && MALFORMED_ESCAPE.matcher(query).find()) {
      refuse(response, 400, "The query string has a malformed percent-escape.");
    } else if (!supported(charset(request.getContentType()))) {
      refuse(response, 415, "The body's charset is not supported; send UTF-8.");
    } else if (!SERVLET_METHODS.contains(request.getMethod())
        && !path.startsWith("/api/v1/")
        && !path.equals("/api/v1")) {
      response.setHeader("Allow", "GET, HEAD, OPTIONS");
      ProblemErrorPage.write(response, Problem.of(HttpServletResponse.SC_METHOD_NOT_ALLOWED));
    } else if (path.endsWith("/application.wadl")) {
      ProblemErrorPage.write(response, Problem.of(HttpServletResponse.SC_NOT_FOUND));
    } else {
      chain.doFilter(request, response);
    }
  }

  private static void refuse(HttpServletResponse response, int status, String detail)
      throws IOException {
    ProblemErrorPage.write(
        response, new Problem("about:blank", Problem.of(status).title(), status, detail));
  }

  /**
   * The {@code charset} parameter of {@code contentType} as sent (quotes included), or null. Read
   * here rather than through {@code getCharacterEncoding()}, which may leave out one it cannot use.
   */
  private static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        return parameter.substring(equals + 1).strip();
      }
    }
    return null;
  }

  /** No charset, or one this server can decode. */
  private static boolean supported(String charset) {
    if (charset == null) {
      return true;
    }
    try {
      return Charset.isSupported(charset);
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }
}
