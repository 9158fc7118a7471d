package com.procurementcache.security.control;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * How bearer tokens are verified: MicroProfile JWT's {@code mp.jwt.verify.*} keys of MicroProfile
 * Config, read as Payara's MP-JWT reads them, for the REST API and the WebSocket alike.
 *
 * @param issuer {@code mp.jwt.verify.issuer}: the {@code iss} every token must carry
 * @param publicKeyLocation {@code mp.jwt.verify.publickey.location}: a class-path resource, a URL
 *     or a file path of the key (PEM or JWKS)
 * @param publicKey {@code mp.jwt.verify.publickey}: the key itself (PEM body or JWKS), used when no
 *     location is set or found
 * @param algorithm {@code mp.jwt.verify.publickey.algorithm}: RS256 (default) or ES256
 * @param audiences {@code mp.jwt.verify.audiences}: when not empty, a token's {@code aud} must name
 *     one of them
 * @param clockSkew {@code mp.jwt.verify.clock.skew} (seconds): how far past {@code exp} a token is
 *     still accepted; Payara's default is none
 * @param tokenAge {@code mp.jwt.verify.token.age} (seconds): when set, a token issued longer ago is
 *     refused as expired
 */
public record TokenSettings(
    String issuer,
    Optional<String> publicKeyLocation,
    Optional<String> publicKey,
    String algorithm,
    List<String> audiences,
    Duration clockSkew,
    Optional<Duration> tokenAge) {

  /** The signature algorithms MP-JWT (and Payara) verify. */
  static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

  public TokenSettings {
    Objects.requireNonNull(issuer, "mp.jwt.verify.issuer is required");
    Objects.requireNonNull(publicKeyLocation, "publicKeyLocation: empty when unset");
    Objects.requireNonNull(publicKey, "publicKey: empty when unset");
    Objects.requireNonNull(tokenAge, "tokenAge: empty when unset");
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException(
          "mp.jwt.verify.publickey.algorithm must be RS256 or ES256: " + algorithm);
    }
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("mp.jwt.verify.clock.skew must not be negative");
    }
    audiences = List.copyOf(audiences);
    publicKeyLocation = publicKeyLocation.map(String::strip).filter(s -> !s.isEmpty());
    publicKey = publicKey.map(String::strip).filter(s -> !s.isEmpty());
  }

  public static TokenSettings from(Config config) {
    return new TokenSettings(
        config.getValue("mp.jwt.verify.issuer", String.class),
        config.getOptionalValue("mp.jwt.verify.publickey.location", String.class),
        config.getOptionalValue("mp.jwt.verify.publickey", String.class),
        config.getOptionalValue("mp.jwt.verify.publickey.algorithm", String.class).orElse("RS256"),
        config
            .getOptionalValue("mp.jwt.verify.audiences", String[].class)
            .map(Arrays::asList)
            .orElse(List.of())
            .stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList(),
        config
            .getOptionalValue("mp.jwt.verify.clock.skew", Long.class)
            .map(Duration::ofSeconds)
            .orElse(Duration.ZERO),
        config.getOptionalValue("mp.jwt.verify.token.age", Long.class).map(Duration::ofSeconds));
  }
}
