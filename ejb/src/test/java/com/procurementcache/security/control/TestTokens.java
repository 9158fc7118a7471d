package com.procurementcache.security.control;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** Tokens for the verifier's tests: claims of a good viewer token, changed as a test needs. */
final class TestTokens {

  static final String ISSUER = "procurement-cache";
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private TestTokens() {}

  static KeyPair rsaKeys() {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return rsa.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static JwtClaims claims(Consumer<JwtClaims> change) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setSubject("viewer@example.com");
    claims.setStringListClaim("groups", "viewer");
    claims.setIssuedAt(at(NOW.minusSeconds(10)));
    claims.setExpirationTime(at(NOW.plusSeconds(300)));
    claims.setGeneratedJwtId();
    change.accept(claims);
    return claims;
  }

  static JwtClaims longLived() {
    return claims(c -> c.setExpirationTime(at(NOW.plus(Duration.ofHours(1)))));
  }

  static String sign(JwtClaims claims, KeyPair pair) {
    return sign(claims, pair, "RS256", "JWT");
  }

  static String signWithKeyId(KeyPair pair, String keyId) throws Exception {
    JsonWebSignature jws = jws(claims(c -> {}), pair, "RS256", "JWT");
    jws.setKeyIdHeaderValue(keyId);
    return jws.getCompactSerialization();
  }

  static String sign(JwtClaims claims, KeyPair pair, String algorithm, String type) {
    try {
      return jws(claims, pair, algorithm, type).getCompactSerialization();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonWebSignature jws(JwtClaims claims, KeyPair pair, String algorithm, String type) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(pair.getPrivate());
    jws.setAlgorithmHeaderValue(algorithm);
    if (type != null) {
      jws.setHeader("typ", type);
    }
    return jws;
  }

  static NumericDate at(Instant instant) {
    return NumericDate.fromSeconds(instant.getEpochSecond());
  }
}
