package com.procurementcache.security.boundary;

import com.procurementcache.security.entity.VerifiedToken;
import jakarta.servlet.ServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/** The verified token of a request, as the {@link BearerTokenMechanism} left it there. */
public final class Callers {

  /** The challenge of a 401 for a request without a token (RFC 6750). */
  public static final String CHALLENGE = "Bearer";

  /** The challenge of a 401 for a token that is not accepted (RFC 6750). */
  public static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

  private static final String ATTRIBUTE = VerifiedToken.class.getName();

  private static final String SCHEME = "Bearer ";

  private Callers() {}

  /** The caller of {@code request}; empty for an anonymous request. */
  public static Optional<VerifiedToken> of(ServletRequest request) {
    return caller(request.getAttribute(ATTRIBUTE));
  }

  /**
   * The caller of a JAX-RS request, whose properties are its servlet request's attributes (Jersey's
   * servlet container).
   */
  public static Optional<VerifiedToken> of(ContainerRequestContext request) {
    return caller(request.getProperty(ATTRIBUTE));
  }

  private static Optional<VerifiedToken> caller(Object attribute) {
    return attribute instanceof VerifiedToken caller ? Optional.of(caller) : Optional.empty();
  }

  static void set(ServletRequest request, VerifiedToken caller) {
    request.setAttribute(ATTRIBUTE, caller);
  }

  /**
   * The token of an {@code Authorization} header of the bearer scheme, whose name is
   * case-insensitive (RFC 7235); empty for no header or another scheme.
   */
  static Optional<String> bearerToken(String authorization) {
    if (authorization == null
        || authorization.length() <= SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(SCHEME.length()).strip());
  }
}
