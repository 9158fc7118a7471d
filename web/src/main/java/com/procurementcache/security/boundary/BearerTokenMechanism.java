package com.procurementcache.security.boundary;

import com.procurementcache.security.control.InvalidToken;
import com.procurementcache.security.control.TokenVerifier;
import com.procurementcache.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a request proves who it is: an {@code Authorization: Bearer <JWT>} header (the scheme in any
 * case, RFC 7235), verified by the {@link TokenVerifier} with the {@code mp.jwt.verify.*} settings
 * and its cache of verified tokens (docs/adr/0008). A request without a bearer token goes on
 * anonymously (the API then refuses it, {@link CallerRequired}); one with a token that is not
 * accepted gets 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}. The verified token
 * is the request's {@link Callers caller}; its groups are the caller's groups.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

  private static final Logger LOG = Logger.getLogger(BearerTokenMechanism.class.getName());

  @Inject TokenVerifier verifier;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Optional<String> token = Callers.bearerToken(request.getHeader("Authorization"));
    if (token.isEmpty()) {
      return context.doNothing();
    }
    VerifiedToken caller;
    try {
      caller = verifier.verify(token.get());
    } catch (InvalidToken e) {
      LOG.log(Level.FINE, "Refused a bearer token: {0}", e.getMessage());
      response.setHeader("WWW-Authenticate", Callers.INVALID_TOKEN_CHALLENGE);
      return context.responseUnauthorized();
    }
    Callers.set(request, caller);
    return context.notifyContainerAboutLogin(
        new CallerPrincipal(caller.subject()), caller.groups());
  }
}
