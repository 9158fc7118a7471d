package com.procurementcache.security.control;

import static com.procurementcache.security.control.TestTokens.ISSUER;
import static com.procurementcache.security.control.TestTokens.NOW;
import static com.procurementcache.security.control.TestTokens.at;
import static com.procurementcache.security.control.TestTokens.claims;
import static com.procurementcache.security.control.TestTokens.longLived;
import static com.procurementcache.security.control.TestTokens.sign;
import static com.procurementcache.security.control.TestTokens.signWithKeyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.security.entity.VerifiedToken;
import com.procurementcache.testing.MovableClock;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.RsaKeyUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {

  private static KeyPair keys;
  private static KeyPair otherKeys;

  @TempDir Path folder;

  private final MovableClock clock = new MovableClock(NOW);

  @BeforeAll
  static void generateKeys() throws Exception {
    keys = TestTokens.rsaKeys();
    otherKeys = TestTokens.rsaKeys();
  }

  // --- what a good token gives

  @Test
  void acceptsAViewerTokenAndReadsItsClaims() throws Exception {
    UUID organization = UUID.randomUUID();
    String token =
        sign(claims(c -> c.setClaim("org_id", organization.toString())), keys, "RS256", "JWT");

    VerifiedToken verified = verifier(inline()).verify(token);

    assertThat(verified.subject()).isEqualTo("viewer@example.com");
    assertThat(verified.groups()).containsExactly("viewer");
    assertThat(verified.ownOrganization()).contains(organization);
    assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(verified.mayRead(organization)).isTrue();
    assertThat(verified.mayRead(UUID.randomUUID())).isFalse();
    assertThat(verified.admin()).isFalse();
  }

  @Test
  void anAdminMayReadAnyOrganization() throws Exception {
    String token = sign(claims(c -> c.setStringListClaim("groups", "admin")), keys);

    VerifiedToken verified = verifier(inline()).verify(token);

    assertThat(verified.admin()).isTrue();
    assertThat(verified.ownOrganization()).isEmpty();
    assertThat(verified.mayRead(UUID.randomUUID())).isTrue();
  }

  @Test
  void anOrganizationClaimThatIsNoUuidNamesNoOrganization() throws Exception {
    String token = sign(claims(c -> c.setClaim("org_id", "not-a-uuid")), keys);

    assertThat(verifier(inline()).verify(token).ownOrganization()).isEmpty();
  }

  // --- refused as invalid

  @Test
  void refusesATokenSignedByAnotherKey() {
    String forged = sign(claims(c -> {}), otherKeys);

    assertInvalid(verifier(inline()), forged);
  }

  @Test
  void refusesAnExpiredTokenSignedByAnotherKeyAsInvalidNotExpired() {
    String forged = sign(claims(c -> c.setExpirationTime(at(NOW.minusSeconds(60)))), otherKeys);

    assertInvalid(verifier(inline()), forged);
  }

  @Test
  void refusesATokenOfAnotherIssuer() {
    assertInvalid(verifier(inline()), sign(claims(c -> c.setIssuer("someone-else")), keys));
  }

  @Test
  void refusesOtherAlgorithmsThanTheConfiguredOne() throws Exception {
    JsonWebSignature hmac = new JsonWebSignature();
    hmac.setPayload(claims(c -> {}).toJson());
    hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    hmac.setHeader("typ", "JWT");
    // The public key's bytes as the HMAC secret: the classic algorithm-confusion forgery.
    hmac.setKey(new HmacKey(keys.getPublic().getEncoded()));

    assertInvalid(verifier(inline()), hmac.getCompactSerialization());
    assertInvalid(verifier(inline()), sign(claims(c -> {}), keys, "RS384", "JWT"));
  }

  @Test
  void refusesAnUnsignedToken() throws Exception {
    JsonWebSignature none = new JsonWebSignature();
    none.setPayload(claims(c -> {}).toJson());
    none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    none.setHeader("typ", "JWT");
    none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);

    assertInvalid(verifier(inline()), none.getCompactSerialization());
  }

  @Test
  void refusesATokenWithoutTheJwtType() {
    assertInvalid(verifier(inline()), sign(claims(c -> {}), keys, "RS256", null));
  }

  @Test
  void refusesATokenMissingARequiredClaim() {
    TokenVerifier verifier = verifier(inline());

    assertInvalid(verifier, sign(claims(c -> c.unsetClaim("jti")), keys));
    assertInvalid(verifier, sign(claims(c -> c.unsetClaim("sub")), keys));
    assertInvalid(verifier, sign(claims(c -> c.unsetClaim("iat")), keys));
    assertInvalid(verifier, sign(claims(c -> c.unsetClaim("exp")), keys));
  }

  @Test
  void refusesATokenIssuedAfterItsExpiry() {
    String token =
        sign(
            claims(
                c -> {
                  c.setIssuedAt(at(NOW.plusSeconds(600)));
                  c.setExpirationTime(at(NOW.plusSeconds(300)));
                }),
            keys);

    assertInvalid(verifier(inline()), token);
  }

  @Test
  void refusesATokenNotValidYet() {
    String token = sign(claims(c -> c.setNotBefore(at(NOW.plusSeconds(120)))), keys);

    assertInvalid(verifier(inline()), token);
  }

  @Test
  void refusesGroupsThatAreNoList() {
    assertInvalid(verifier(inline()), sign(claims(c -> c.setClaim("groups", 42)), keys));
  }

  @Test
  void refusesGarbage() {
    TokenVerifier verifier = verifier(inline());

    assertInvalid(verifier, "");
    assertInvalid(verifier, null);
    assertInvalid(verifier, "not.a.token");
  }

  @Test
  void checksTheAudienceOnlyWhenConfigured() throws Exception {
    String forApi = sign(claims(c -> c.setAudience("procurement-api")), keys);
    String forOther = sign(claims(c -> c.setAudience("billing")), keys);
    String forNone = sign(claims(c -> {}), keys);
    TokenVerifier checking =
        verifier(settings(Optional.empty(), Optional.of(pemBody()), List.of("procurement-api")));
    TokenVerifier notChecking = verifier(inline());

    assertThat(checking.verify(forApi).subject()).isEqualTo("viewer@example.com");
    assertInvalid(checking, forOther);
    assertInvalid(checking, forNone);
    assertThat(notChecking.verify(forOther).subject()).isEqualTo("viewer@example.com");
  }

  // --- refused as expired

  @Test
  void refusesAnExpiredTokenAsExpired() {
    String token =
        sign(
            claims(
                c -> {
                  c.setIssuedAt(at(NOW.minusSeconds(3600)));
                  c.setExpirationTime(at(NOW.minusSeconds(1)));
                }),
            keys);

    assertThatThrownBy(() -> verifier(inline()).verify(token)).isInstanceOf(ExpiredToken.class);
  }

  @Test
  void toleratesTheConfiguredClockSkewPastExpiry() throws Exception {
    String token =
        sign(
            claims(
                c -> {
                  c.setIssuedAt(at(NOW.minusSeconds(600)));
                  c.setExpirationTime(at(NOW.minusSeconds(30)));
                }),
            keys);
    TokenVerifier lenient = verifier(withSkewAndAge(Duration.ofSeconds(60), Optional.empty()));

    assertThat(lenient.verify(token).expiresAt()).isEqualTo(NOW.plusSeconds(30));
    assertThatThrownBy(() -> verifier(inline()).verify(token)).isInstanceOf(ExpiredToken.class);
  }

  @Test
  void aTokenOlderThanTheTokenAgeIsExpiredAndExpiresByItsAge() throws Exception {
    TokenVerifier aging =
        verifier(withSkewAndAge(Duration.ZERO, Optional.of(Duration.ofMinutes(10))));
    String old =
        sign(
            claims(
                c -> {
                  c.setIssuedAt(at(NOW.minusSeconds(900)));
                  c.setExpirationTime(at(NOW.plusSeconds(3600)));
                }),
            keys);
    String young =
        sign(
            claims(
                c -> {
                  c.setIssuedAt(at(NOW.minusSeconds(60)));
                  c.setExpirationTime(at(NOW.plusSeconds(3600)));
                }),
            keys);

    assertThatThrownBy(() -> aging.verify(old)).isInstanceOf(ExpiredToken.class);
    assertThat(aging.verify(young).expiresAt()).isEqualTo(NOW.plusSeconds(540));
  }

  // --- where the key comes from

  @Test
  void readsTheKeyFromAFilePathOrAFileUrl() throws Exception {
    Path pem = folder.resolve("public.pem");
    Files.writeString(pem, RsaKeyUtil.pemEncode(keys.getPublic()));
    String token = sign(claims(c -> {}), keys);

    assertThat(verifier(located(pem.toString())).verify(token).subject()).isNotBlank();
    assertThat(verifier(located(pem.toUri().toString())).verify(token).subject()).isNotBlank();
  }

  @Test
  void readsTheKeyFromAClassPathResource() throws Exception {
    Files.createDirectories(folder.resolve("keys"));
    Files.writeString(
        folder.resolve("keys/test-public.pem"), RsaKeyUtil.pemEncode(keys.getPublic()));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader application = new URLClassLoader(new URL[] {folder.toUri().toURL()})) {
      thread.setContextClassLoader(application);

      assertThat(verifier(located("/keys/test-public.pem")).verify(sign(claims(c -> {}), keys)))
          .extracting(VerifiedToken::subject)
          .isEqualTo("viewer@example.com");
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Test
  void fallsBackToTheInlineKeyWhenTheLocationHasNone() throws Exception {
    TokenVerifier verifier =
        verifier(
            settings(
                Optional.of(folder.resolve("missing.pem").toString()),
                Optional.of(pemBody()),
                List.of()));

    assertThat(verifier.verify(sign(claims(c -> {}), keys)).subject()).isNotBlank();
  }

  @Test
  void readsAJwksAndPicksTheKeyByItsId() throws Exception {
    RsaJsonWebKey current = new RsaJsonWebKey((RSAPublicKey) keys.getPublic());
    current.setKeyId("current");
    RsaJsonWebKey previous = new RsaJsonWebKey((RSAPublicKey) otherKeys.getPublic());
    previous.setKeyId("previous");
    String jwks = new JsonWebKeySet(previous, current).toJson();
    TokenVerifier verifier = verifier(settings(Optional.empty(), Optional.of(jwks), List.of()));
    TokenVerifier base64 =
        verifier(
            settings(
                Optional.empty(),
                Optional.of(Base64.getEncoder().encodeToString(jwks.getBytes())),
                List.of()));

    assertThat(verifier.verify(signWithKeyId(keys, "current")).subject()).isNotBlank();
    assertThat(verifier.verify(signWithKeyId(otherKeys, "previous")).subject()).isNotBlank();
    assertInvalid(verifier, signWithKeyId(otherKeys, "current"));
    assertThat(base64.verify(signWithKeyId(keys, "current")).subject()).isNotBlank();
  }

  @Test
  void keepsTheParsedKeyForItsCacheTimeThenReadsItAgain() throws Exception {
    Path pem = folder.resolve("rotating.pem");
    Files.writeString(pem, RsaKeyUtil.pemEncode(keys.getPublic()));
    TokenVerifier verifier = verifier(located(pem.toString()));
    String first = sign(longLived(), keys);
    assertThat(verifier.verify(first).subject()).isNotBlank();

    Files.writeString(pem, RsaKeyUtil.pemEncode(otherKeys.getPublic()));
    clock.advance(VerificationKeys.TTL.minusSeconds(1));
    String afterRotation = sign(longLived(), otherKeys);
    assertThat(verifier.verify(first).subject()).isNotBlank();
    assertInvalid(verifier, afterRotation);

    clock.advance(Duration.ofSeconds(2));
    assertThat(verifier.verify(afterRotation).subject()).isNotBlank();
    assertInvalid(verifier, sign(longLived(), keys));
  }

  @Test
  void withoutAnyKeyEveryTokenIsInvalid() {
    TokenVerifier verifier = verifier(settings(Optional.empty(), Optional.empty(), List.of()));

    assertInvalid(verifier, sign(claims(c -> {}), keys));
  }

  // --- helpers

  private static void assertInvalid(TokenVerifier verifier, String token) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(InvalidToken.class)
        .isNotInstanceOf(ExpiredToken.class);
  }

  private TokenVerifier verifier(TokenSettings settings) {
    return new TokenVerifier(settings, clock);
  }

  private static TokenSettings inline() {
    return settings(Optional.empty(), Optional.of(pemBody()), List.of());
  }

  private static TokenSettings located(String location) {
    return settings(Optional.of(location), Optional.empty(), List.of());
  }

  private static TokenSettings withSkewAndAge(Duration skew, Optional<Duration> age) {
    return new TokenSettings(
        ISSUER, Optional.empty(), Optional.of(pemBody()), "RS256", List.of(), skew, age);
  }

  private static TokenSettings settings(
      Optional<String> location, Optional<String> inline, List<String> audiences) {
    return new TokenSettings(
        ISSUER, location, inline, "RS256", audiences, Duration.ZERO, Optional.empty());
  }

  /** The public key as {@code mp.jwt.verify.publickey} is often given: base64, no armour. */
  private static String pemBody() {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }
}
