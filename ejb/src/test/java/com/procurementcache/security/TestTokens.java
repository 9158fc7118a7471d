package com.procurementcache.security;

import com.procurementcache.security.control.TokenSettings;
import com.procurementcache.security.control.TokenVerifier;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/** A key pair made for the test, the verifier that trusts it, and tokens it signs. */
public final class TestTokens {

  public static final String ISSUER = "procurement-cache";

  private final KeyPair keys;

  private TestTokens(KeyPair keys) {
    this.keys = keys;
  }

  public static TestTokens generate() {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return new TestTokens(rsa.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A verifier that trusts this key, as {@code mp.jwt.verify.publickey} would configure it. */
  public TokenVerifier verifier(Clock clock) {
    return new TokenVerifier(
        new TokenSettings(
            ISSUER,
            Optional.empty(),
            Optional.of(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())),
            "RS256",
            List.of("procurement-cache-api"),
            Duration.ZERO,
            Optional.empty()),
        clock);
  }

  public String viewer(UUID organization, Instant expiresAt) {
    return sign("viewer@" + organization, List.of("viewer"), organization, expiresAt);
  }

  public String admin(Instant expiresAt) {
    return sign("admin", List.of("admin"), null, expiresAt);
  }

  public String sign(String subject, List<String> groups, UUID organization, Instant expiresAt) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setAudience("procurement-cache-api");
    claims.setSubject(subject);
    claims.setStringListClaim("groups", groups);
    if (organization != null) {
      claims.setClaim("org_id", organization.toString());
    }
    claims.setIssuedAt(NumericDate.fromSeconds(expiresAt.getEpochSecond() - 3600));
    claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
    claims.setGeneratedJwtId();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(keys.getPrivate());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
