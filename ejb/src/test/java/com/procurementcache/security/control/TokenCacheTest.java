package com.procurementcache.security.control;

import static com.procurementcache.security.control.TestTokens.ISSUER;
import static com.procurementcache.security.control.TestTokens.NOW;
import static com.procurementcache.security.control.TestTokens.at;
import static com.procurementcache.security.control.TestTokens.claims;
import static com.procurementcache.security.control.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jose4j.keys.RsaKeyUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier's cache of verified tokens: what a kept token still has to pass on every use. */
class TokenCacheTest {

  private static KeyPair keys;
  private static KeyPair otherKeys;

  @TempDir Path folder;

  private final MovableClock clock = new MovableClock(NOW);

  @BeforeAll
  static void generateKeys() {
    keys = TestTokens.rsaKeys();
    otherKeys = TestTokens.rsaKeys();
  }

  @Test
  void aVerifiedTokenIsKeptAndAnsweredFromTheCache() throws Exception {
    TokenVerifier verifier = inline(10);
    String token = sign(claims(c -> {}), keys);

    String subject = verifier.verify(token).subject();

    assertThat(verifier.cachedTokens()).isEqualTo(1);
    assertThat(verifier.verify(token).subject()).isEqualTo(subject);
    assertThat(verifier.cachedTokens()).isEqualTo(1);
  }

  @Test
  void anExpiredTokenIsRefusedEvenThoughItsEarlierUseWasCached() throws Exception {
    TokenVerifier verifier = inline(10);
    String token = sign(claims(c -> c.setExpirationTime(at(NOW.plusSeconds(60)))), keys);
    verifier.verify(token);

    clock.advance(Duration.ofSeconds(61));

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(ExpiredToken.class);
  }

  @Test
  void aTokenIsKeptNoLongerThanItsExpiryOrTheMaximumAge() throws Exception {
    TokenVerifier verifier =
        new TokenVerifier(
            settings(Optional.empty(), Optional.of(pemBody())), clock, 10, minutes(2));
    String shortLived = sign(claims(c -> c.setExpirationTime(at(NOW.plusSeconds(30)))), keys);
    String longLived = sign(claims(c -> c.setExpirationTime(at(NOW.plusSeconds(3600)))), keys);
    verifier.verify(shortLived);
    verifier.verify(longLived);
    assertThat(verifier.cachedTokens()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(31));
    assertThat(verifier.cachedTokens()).isEqualTo(1);

    clock.advance(minutes(2));
    assertThat(verifier.cachedTokens()).isZero();
  }

  @Test
  void tamperedCopiesOfACachedTokenAreRefused() throws Exception {
    TokenVerifier verifier = inline(10);
    String token = sign(claims(c -> c.setStringListClaim("groups", "viewer")), keys);
    verifier.verify(token);
    String[] parts = token.split("\\.");

    String asAdmin =
        parts[0]
            + "."
            + base64Url(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("\"viewer\"", "\"admin\""))
            + "."
            + parts[2];
    String otherSignature = parts[0] + "." + parts[1] + "." + flipMiddleCharacter(parts[2]);
    String unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";

    for (String tampered : List.of(asAdmin, otherSignature, unsigned, token + "x", " " + token)) {
      assertThatThrownBy(() -> verifier.verify(tampered))
          .as(tampered)
          .isInstanceOf(InvalidToken.class)
          .isNotInstanceOf(ExpiredToken.class);
    }
    assertThat(verifier.verify(token).groups()).containsExactly("viewer");
  }

  @Test
  void aChangedKeyFlushesTheCache() throws Exception {
    Path pem = folder.resolve("rotating.pem");
    Files.writeString(pem, RsaKeyUtil.pemEncode(keys.getPublic()));
    TokenVerifier verifier =
        new TokenVerifier(
            settings(Optional.of(pem.toString()), Optional.empty()),
            clock,
            10,
            Duration.ofHours(1));
    String token = sign(claims(c -> c.setExpirationTime(at(NOW.plusSeconds(3600)))), keys);
    verifier.verify(token);
    assertThat(verifier.cachedTokens()).isEqualTo(1);

    Files.writeString(pem, RsaKeyUtil.pemEncode(otherKeys.getPublic()));
    clock.advance(VerificationKeys.TTL.plusSeconds(1));

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidToken.class);
    assertThat(verifier.cachedTokens()).isZero();
  }

  @Test
  void theCacheIsBounded() throws Exception {
    TokenVerifier verifier = inline(5);

    for (int i = 0; i < 50; i++) {
      verifier.verify(sign(claims(c -> {}), keys));
    }

    assertThat(verifier.cachedTokens()).isLessThanOrEqualTo(5);
  }

  @Test
  void aZeroMaximumAgeKeepsNothing() throws Exception {
    TokenVerifier verifier =
        new TokenVerifier(
            settings(Optional.empty(), Optional.of(pemBody())), clock, 10, Duration.ZERO);

    verifier.verify(sign(claims(c -> {}), keys));

    assertThat(verifier.cachedTokens()).isZero();
  }

  @Test
  void aTokenNotValidYetIsNotKeptAndRefused() {
    TokenVerifier verifier = inline(10);
    String early = sign(claims(c -> c.setNotBefore(at(NOW.plusSeconds(3600)))), keys);

    assertThatThrownBy(() -> verifier.verify(early)).isInstanceOf(InvalidToken.class);
    assertThat(verifier.cachedTokens()).isZero();
  }

  private TokenVerifier inline(int size) {
    return new TokenVerifier(
        settings(Optional.empty(), Optional.of(pemBody())), clock, size, Duration.ofMinutes(5));
  }

  private static TokenSettings settings(Optional<String> location, Optional<String> inline) {
    return new TokenSettings(
        ISSUER, location, inline, "RS256", List.of(), Duration.ZERO, Optional.empty());
  }

  private static String pemBody() {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  private static Duration minutes(int n) {
    return Duration.ofMinutes(n);
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String flipMiddleCharacter(String text) {
    int middle = text.length() / 2;
    char flipped = text.charAt(middle) == 'A' ? 'B' : 'A';
    return text.substring(0, middle) + flipped + text.substring(middle + 1);
  }
}
