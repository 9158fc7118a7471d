package com.procurementcache.problem.boundary;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container's error page for every error status and every exception (web.xml): what the
 * container, a servlet or a filter answers with {@code sendError} or fails with leaves as a problem
 * of that status, never as the server's HTML report. An exception is logged under an incident id,
 * which alone the client sees. Requested directly, it is not a resource: 404.
 */
public class ProblemErrorPage extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = Logger.getLogger(ProblemErrorPage.class.getName());

  /** Every method: an error dispatch keeps the method of the request that failed. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer known && known >= 400 ? known : 404;
    Problem problem = Problem.of(status);
    if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
      String incident = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, failure);
      problem =
          new Problem(
              problem.type(),
              problem.title(),
              status,
              "The request could not be completed; incident " + incident + " is logged.");
    }
    write(response, problem);
  }

  /** Answers with {@code problem}, replacing whatever body the response had. */
  static void write(HttpServletResponse response, Problem problem) throws IOException {
    response.resetBuffer();
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    byte[] body = problem.json().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
