package com.procurementcache.demo.control;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Issues MicroProfile JWT bearer tokens (RS256) for local use and tests: an admin token, or a
 * viewer token naming its organization in the {@code org_id} claim.
 */
public class TokenIssuer {

  public static final String ISSUER = "procurement-cache";
  public static final String ORGANIZATION_CLAIM = "org_id";

  /**
   * The {@code aud} of every token, as the server requires it ({@code mp.jwt.verify.audiences}).
   */
  public static final String AUDIENCE = "procurement-cache-api";

  private final PrivateKey key;
  private final String issuer;
  private final String audience;

  public TokenIssuer(PrivateKey key) {
    this(key, ISSUER);
  }

  public TokenIssuer(PrivateKey key, String issuer) {
    this(key, issuer, AUDIENCE);
  }

  public TokenIssuer(PrivateKey key, String issuer, String audience) {
    this.key = Objects.requireNonNull(key, "a signing key");
    this.issuer = Objects.requireNonNull(issuer, "an issuer");
    this.audience = Objects.requireNonNull(audience, "an audience");
  }

  public String admin(String subject, Duration lifetime) {
    Instant now = Instant.now();
    return issue(subject, List.of("admin"), null, now, now.plus(lifetime));
  }

  public String viewer(String subject, UUID organizationId, Duration lifetime) {
    Instant now = Instant.now();
    return issue(subject, List.of("viewer"), organizationId, now, now.plus(lifetime));
  }

  /** A token with every claim chosen; tests use it for expired and odd tokens. */
  public String issue(
      String subject,
      List<String> groups,
      UUID organizationId,
      Instant issuedAt,
      Instant expiresAt) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject(subject);
    claims.setClaim("upn", subject);
    claims.setStringListClaim("groups", groups);
    if (organizationId != null) {
      claims.setClaim(ORGANIZATION_CLAIM, organizationId.toString());
    }
    claims.setIssuedAt(NumericDate.fromMilliseconds(issuedAt.toEpochMilli()));
    claims.setExpirationTime(NumericDate.fromMilliseconds(expiresAt.toEpochMilli()));
    claims.setGeneratedJwtId();

    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("could not sign a token", e);
    }
  }
}
