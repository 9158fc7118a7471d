package com.procurementcache.demo.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenIssuerTest {

  private static final SigningKeys KEYS = SigningKeys.generate();

  private static JwtConsumer verifier(SigningKeys keys) {
    return new JwtConsumerBuilder()
        .setVerificationKey(keys.publicKey())
        .setExpectedIssuer(TokenIssuer.ISSUER)
        .setExpectedAudience(TokenIssuer.AUDIENCE)
        .setRequireExpirationTime()
        .build();
  }

  @Test
  void viewerTokenNamesItsOrganizationAndRole() throws Exception {
    UUID organization = UUID.randomUUID();

    String token =
        new TokenIssuer(KEYS.privateKey()).viewer("ann", organization, Duration.ofHours(1));

    JwtClaims claims = verifier(KEYS).processToClaims(token);
    assertThat(claims.getSubject()).isEqualTo("ann");
    assertThat(claims.getStringClaimValue("upn")).isEqualTo("ann");
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("viewer");
    assertThat(claims.getStringClaimValue(TokenIssuer.ORGANIZATION_CLAIM))
        .isEqualTo(organization.toString());
    assertThat(claims.getJwtId()).isNotBlank();
    assertThat(claims.getAudience()).containsExactly(TokenIssuer.AUDIENCE);
  }

  @Test
  void adminTokenHasNoOrganization() throws Exception {
    String token = new TokenIssuer(KEYS.privateKey()).admin("root", Duration.ofHours(1));

    JwtClaims claims = verifier(KEYS).processToClaims(token);
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("admin");
    assertThat(claims.hasClaim(TokenIssuer.ORGANIZATION_CLAIM)).isFalse();
  }

  @Test
  void expiredTokenFailsVerification() {
    Instant past = Instant.now().minus(Duration.ofHours(2));
    String token =
        new TokenIssuer(KEYS.privateKey())
            .issue("old", List.of("viewer"), null, past, past.plusSeconds(60));

    assertThatThrownBy(() -> verifier(KEYS).processToClaims(token))
        .isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void tokenOfAnotherKeyFailsVerification() {
    String token =
        new TokenIssuer(SigningKeys.generate().privateKey()).admin("x", Duration.ofHours(1));

    assertThatThrownBy(() -> verifier(KEYS).processToClaims(token))
        .isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void keysSurviveARoundTripThroughPemFilesAndThePrivateOneIsOwnerOnly(@TempDir Path folder)
      throws Exception {
    SigningKeys created = SigningKeys.loadOrCreate(folder);
    SigningKeys loaded = SigningKeys.loadOrCreate(folder);

    assertThat(loaded.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
    assertThat(Files.readString(folder.resolve(SigningKeys.PUBLIC_FILE)))
        .startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder.resolve(SigningKeys.PRIVATE_FILE))))
        .isEqualTo("rw-------");
    String token = new TokenIssuer(loaded.privateKey()).admin("a", Duration.ofMinutes(1));
    assertThat(verifier(created).processToClaims(token).getSubject()).isEqualTo("a");
  }
}
