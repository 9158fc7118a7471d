package com.procurementcache.it;

import com.procurementcache.demo.control.SigningKeys;
import com.procurementcache.demo.control.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Tokens a server must refuse, made the way an attacker would, from the suite's real key pair: the
 * right claims with a wrong signature or algorithm, a good token with changed claims, tokens out of
 * their time. Each is named for the assertion message.
 */
public final class ForgedTokens {

  private ForgedTokens() {}

  /**
   * Tokens for a viewer of {@code organization} (or an admin where it says so) that must each get
   * 401, given the suite's signing keys.
   */
  public static Map<String, String> refusable(SigningKeys keys, UUID organization) {
    TokenIssuer issuer = new TokenIssuer(keys.privateKey());
    Instant now = Instant.now();
    Duration fiveMinutes = Duration.ofMinutes(5);
    String good = issuer.viewer("viewer", organization, fiveMinutes);
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put(
        "signed by another key",
        new TokenIssuer(SigningKeys.generate().privateKey()).admin("mallory", fiveMinutes));
    tokens.put(
        "of another issuer",
        new TokenIssuer(keys.privateKey(), "someone-else").admin("eve", fiveMinutes));
    tokens.put(
        "for another audience",
        new TokenIssuer(keys.privateKey(), TokenIssuer.ISSUER, "another-api")
            .admin("eve", fiveMinutes));
    tokens.put(
        "without an audience",
        signed(
            claims(organization, now, c -> c.unsetClaim("aud")),
            keys,
            AlgorithmIdentifiers.RSA_USING_SHA256));
    Instant hourAgo = now.minus(Duration.ofHours(1));
    tokens.put(
        "expired an hour ago",
        issuer.issue(
            "viewer", List.of("viewer"), organization, hourAgo, hourAgo.plus(fiveMinutes)));
    tokens.put(
        "not valid before an hour from now (nbf)",
        signed(
            claims(organization, now, c -> c.setNotBefore(seconds(now.plusSeconds(3600)))),
            keys,
            AlgorithmIdentifiers.RSA_USING_SHA256));
    tokens.put(
        "RS512 instead of RS256, with the right key",
        signed(claims(organization, now, c -> {}), keys, AlgorithmIdentifiers.RSA_USING_SHA512));
    tokens.put(
        "alg none (unsigned)",
        part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + good.split("\\.")[1] + ".");
    tokens.put("HS256 signed with the public key", hmacWithPublicKey(keys, organization, now));
    tokens.put("a viewer's token whose groups were changed to admin", asAdmin(good));
    tokens.put(
        "the payload of a viewer of another organization under this signature",
        withPayloadOf(good, issuer.viewer("viewer", UUID.randomUUID(), fiveMinutes)));
    tokens.put("a good token with one more character", good + "A");
    return tokens;
  }

  private interface Change {
    void apply(JwtClaims claims);
  }

  private static JwtClaims claims(UUID organization, Instant now, Change change) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TokenIssuer.ISSUER);
    claims.setAudience(TokenIssuer.AUDIENCE);
    claims.setSubject("viewer");
    claims.setStringListClaim("groups", "viewer");
    claims.setClaim(TokenIssuer.ORGANIZATION_CLAIM, organization.toString());
    claims.setIssuedAt(seconds(now));
    claims.setExpirationTime(seconds(now.plusSeconds(300)));
    claims.setGeneratedJwtId();
    change.apply(claims);
    return claims;
  }

  private static String signed(JwtClaims claims, SigningKeys keys, String algorithm) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(keys.privateKey());
    jws.setAlgorithmHeaderValue(algorithm);
    jws.setHeader("typ", "JWT");
    return serialized(jws);
  }

  /** The classic algorithm confusion: HMAC with the public key's bytes as the secret. */
  private static String hmacWithPublicKey(SigningKeys keys, UUID organization, Instant now) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(
        claims(organization, now, c -> c.setStringListClaim("groups", "admin")).toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    jws.setHeader("typ", "JWT");
    jws.setKey(new HmacKey(keys.publicKey().getEncoded()));
    jws.setDoKeyValidation(false);
    return serialized(jws);
  }

  private static String asAdmin(String token) {
    String[] parts = token.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("[\"viewer\"]", "[\"admin\"]");
    return parts[0] + "." + part(payload) + "." + parts[2];
  }

  private static String withPayloadOf(String token, String other) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + other.split("\\.")[1] + "." + parts[2];
  }

  private static String part(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static NumericDate seconds(Instant instant) {
    return NumericDate.fromSeconds(instant.getEpochSecond());
  }

  private static String serialized(JsonWebSignature jws) {
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("could not sign a test token", e);
    }
  }
}
