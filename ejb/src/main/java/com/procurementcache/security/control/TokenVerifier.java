package com.procurementcache.security.control;

import com.procurementcache.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Verifies a bearer token, of a REST request ({@code BearerTokenMechanism}) or of the WebSocket's
 * first message, by MicroProfile JWT's rules (as Payara's MP-JWT would): a signed JWT with header
 * {@code typ} JWT, signed with {@code mp.jwt.verify.publickey.algorithm} by the configured key;
 * claims {@code iss} (the configured issuer), {@code sub}, {@code exp}, {@code iat} (before {@code
 * exp}) and {@code jti} present; not expired, with the configured clock skew; not older than the
 * configured token age; an {@code aud} of the configured audiences when they are set; {@code
 * groups} a list of strings. Beyond Payara, an {@code nbf} in the future is refused too.
 *
 * <p>A token that passed is kept in a {@link TokenCache} ({@code security.token-cache.max-size},
 * {@code security.token-cache.max-age}), so that the signature is checked once per token, not once
 * per request.
 */
@ApplicationScoped
public class TokenVerifier {

  /** jose4j's codes for a token that is good but too old. */
  private static final Set<Integer> EXPIRY =
      Set.of(ErrorCodes.EXPIRED, ErrorCodes.ISSUED_AT_INVALID_PAST);

  private static final int ISSUED_AFTER_EXPIRY = ErrorCodes.MISCELLANEOUS;

  /** No limit on an {@code iat} in the future (Payara sets none), kept clear of int overflow. */
  private static final int ANY_FUTURE = Integer.MAX_VALUE / 4;

  /** Tokens kept by default: far more than the users a node serves at once. */
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  /** How long a verified token is kept at most: the time a changed key takes to be read. */
  public static final Duration DEFAULT_CACHE_AGE = VerificationKeys.TTL;

  private TokenSettings settings;
  private Clock clock;
  private VerificationKeys keys;
  private TokenCache cache;
  private volatile long cachedGeneration;

  protected TokenVerifier() {}

  @Inject
  public TokenVerifier(Config config, Clock clock) {
    this(
        TokenSettings.from(config),
        clock,
        config
            .getOptionalValue("security.token-cache.max-size", Integer.class)
            .orElse(DEFAULT_CACHE_SIZE),
        config
            .getOptionalValue("security.token-cache.max-age", Duration.class)
            .orElse(DEFAULT_CACHE_AGE));
  }

  public TokenVerifier(TokenSettings settings, Clock clock) {
    this(settings, clock, DEFAULT_CACHE_SIZE, DEFAULT_CACHE_AGE);
  }

  public TokenVerifier(TokenSettings settings, Clock clock, int cacheSize, Duration cacheAge) {
    this.settings = settings;
    this.clock = clock;
    this.keys = new VerificationKeys(settings, clock);
    this.cache = new TokenCache(cacheSize, cacheAge, clock);
  }

  /**
   * The holder of {@code token}.
   *
   * @throws ExpiredToken a good token past its expiry (or token age)
   * @throws InvalidToken any other token that is not accepted
   */
  public VerifiedToken verify(String token) throws InvalidToken {
    if (token == null || token.isBlank()) {
      throw new InvalidToken("no token");
    }
    long key = keys.generation();
    if (key != cachedGeneration) {
      // The key changed: no token verified with the old one is served from the cache.
      cache.clear();
      cachedGeneration = key;
    }
    Optional<VerifiedToken> kept = cache.get(token, key);
    if (kept.isPresent()) {
      return kept.get();
    }
    Verified verified = verifySignatureAndClaims(token);
    // Kept under the key generation read before verifying: if the key changed meanwhile, the
    // entry is never served.
    cache.put(token, verified.token(), verified.notBefore(), key);
    return verified.token();
  }

  /** The number of tokens kept now (for tests and statistics). */
  public long cachedTokens() {
    return cache.size();
  }

  private record Verified(VerifiedToken token, Instant notBefore) {}

  private Verified verifySignatureAndClaims(String token) throws InvalidToken {
    JwtClaims claims;
    try {
      claims = consumer().process(token).getJwtClaims();
    } catch (InvalidJwtException e) {
      List<ErrorCodeValidator.Error> errors = e.getErrorDetails();
      boolean expiredOnly =
          !errors.isEmpty() && errors.stream().allMatch(x -> EXPIRY.contains(x.getErrorCode()));
      if (expiredOnly) {
        throw new ExpiredToken(e.getOriginalMessage());
      }
      throw new InvalidToken(e.getOriginalMessage(), e);
    }
    try {
      NumericDate notBefore = claims.getNotBefore();
      return new Verified(
          new VerifiedToken(
              claims.getSubject(),
              claims.hasClaim("groups")
                  ? Set.copyOf(claims.getStringListClaimValue("groups"))
                  : Set.of(),
              organization(claims.getClaimValue(VerifiedToken.ORGANIZATION_CLAIM)),
              expiresAt(claims)),
          notBefore == null
              ? null
              : Instant.ofEpochSecond(notBefore.getValue()).minus(settings.clockSkew()));
    } catch (MalformedClaimException e) {
      throw new InvalidToken("a claim has the wrong type", e);
    }
  }

  private JwtConsumer consumer() throws InvalidToken {
    int skew = Math.toIntExact(settings.clockSkew().toSeconds());
    JwtConsumerBuilder builder =
        new JwtConsumerBuilder()
            .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
            .setAllowedClockSkewInSeconds(skew)
            .setJwsAlgorithmConstraints(ConstraintType.PERMIT, settings.algorithm())
            .setJweAlgorithmConstraints(AlgorithmConstraints.DISALLOW_NONE)
            .setVerificationKeyResolver(keys.resolver())
            .setExpectedType(true, "JWT")
            .setExpectedIssuer(settings.issuer())
            .setRequireSubject()
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireJwtId()
            .registerValidator(TokenVerifier::issuedBeforeExpiry);
    settings.tokenAge().ifPresent(age -> builder.setIssuedAtRestrictions(ANY_FUTURE, seconds(age)));
    if (settings.audiences().isEmpty()) {
      builder.setSkipDefaultAudienceValidation();
    } else {
      builder.setExpectedAudience(settings.audiences().toArray(String[]::new));
    }
    return builder.build();
  }

  /** Payara refuses a token whose {@code iat} is not before its {@code exp}. */
  private static ErrorCodeValidator.Error issuedBeforeExpiry(JwtContext context)
      throws MalformedClaimException {
    JwtClaims claims = context.getJwtClaims();
    NumericDate issuedAt = claims.getIssuedAt();
    NumericDate expiry = claims.getExpirationTime();
    if (issuedAt != null && expiry != null && !issuedAt.isBefore(expiry)) {
      return new ErrorCodeValidator.Error(ISSUED_AFTER_EXPIRY, "iat is not before exp");
    }
    return null;
  }

  private Instant expiresAt(JwtClaims claims) throws MalformedClaimException {
    Instant expiry = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
    if (settings.tokenAge().isPresent()) {
      Instant aged =
          Instant.ofEpochSecond(claims.getIssuedAt().getValue()).plus(settings.tokenAge().get());
      expiry = aged.isBefore(expiry) ? aged : expiry;
    }
    return expiry.plus(settings.clockSkew());
  }

  private static UUID organization(Object claim) {
    if (claim == null) {
      return null;
    }
    try {
      return UUID.fromString(claim.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int seconds(Duration duration) {
    return Math.toIntExact(duration.toSeconds());
  }
}
