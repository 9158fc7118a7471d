package com.procurementcache.webhook.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  // The test vector the Standard Webhooks reference libraries check their signing against
  // (standard-webhooks/standard-webhooks, libraries/*/ tests: "sign function works").
  static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long SPEC_TIMESTAMP = 1614265330;
  static final String SPEC_BODY = "{\"test\": 2432232314}";
  static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static final Instant SPEC_TIME = Instant.ofEpochSecond(SPEC_TIMESTAMP);

  private final WebhookSigner signer = new WebhookSigner(SPEC_SECRET);

  @Test
  void signsTheSpecificationsTestVector() {
    assertThat(signer.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void verifiesTheSpecificationsTestVector() {
    assertThat(signer.verify(SPEC_ID, "1614265330", SPEC_BODY, SPEC_SIGNATURE, SPEC_TIME)).isTrue();
  }

  @Test
  void rejectsATamperedBody() {
    assertThat(
            signer.verify(
                SPEC_ID, "1614265330", "{\"test\": 2432232315}", SPEC_SIGNATURE, SPEC_TIME))
        .isFalse();
  }

  @Test
  void rejectsATamperedTimestamp() {
    // One second later: still within tolerance, so only the signature can tell.
    assertThat(signer.verify(SPEC_ID, "1614265331", SPEC_BODY, SPEC_SIGNATURE, SPEC_TIME))
        .isFalse();
  }

  @Test
  void rejectsATamperedId() {
    assertThat(
            signer.verify(
                "msg_p5jXN8AQM9LWM0D4loKWxJeK", "1614265330", SPEC_BODY, SPEC_SIGNATURE, SPEC_TIME))
        .isFalse();
  }

  @Test
  void rejectsATimestampOutsideTheTolerance() {
    Instant later = SPEC_TIME.plus(WebhookSigner.TOLERANCE).plusSeconds(1);
    Instant earlier = SPEC_TIME.minus(WebhookSigner.TOLERANCE).minusSeconds(1);

    assertThat(signer.verify(SPEC_ID, "1614265330", SPEC_BODY, SPEC_SIGNATURE, later)).isFalse();
    assertThat(signer.verify(SPEC_ID, "1614265330", SPEC_BODY, SPEC_SIGNATURE, earlier)).isFalse();
    assertThat(
            signer.verify(
                SPEC_ID,
                "1614265330",
                SPEC_BODY,
                SPEC_SIGNATURE,
                SPEC_TIME.plus(WebhookSigner.TOLERANCE)))
        .isTrue();
  }

  @Test
  void rejectsAnotherSecretsSignature() {
    WebhookSigner other = new WebhookSigner("whsec_" + base64("another key"));

    assertThat(other.verify(SPEC_ID, "1614265330", SPEC_BODY, SPEC_SIGNATURE, SPEC_TIME)).isFalse();
  }

  @Test
  void acceptsAnyOfSeveralSignaturesAsDuringKeyRotation() {
    String header = "v1,bm9wZQ== v2,whatever " + SPEC_SIGNATURE;

    assertThat(signer.verify(SPEC_ID, "1614265330", SPEC_BODY, header, SPEC_TIME)).isTrue();
  }

  @Test
  void ignoresSignaturesOfOtherVersions() {
    String header = SPEC_SIGNATURE.replace("v1,", "v2,");

    assertThat(signer.verify(SPEC_ID, "1614265330", SPEC_BODY, header, SPEC_TIME)).isFalse();
  }

  @Test
  void rejectsMissingOrMalformedHeaders() {
    assertThat(signer.verify(SPEC_ID, null, SPEC_BODY, SPEC_SIGNATURE, SPEC_TIME)).isFalse();
    assertThat(signer.verify(SPEC_ID, "yesterday", SPEC_BODY, SPEC_SIGNATURE, SPEC_TIME)).isFalse();
    assertThat(signer.verify(SPEC_ID, "1614265330", SPEC_BODY, null, SPEC_TIME)).isFalse();
    assertThat(signer.verify(SPEC_ID, "1614265330", SPEC_BODY, "garbage", SPEC_TIME)).isFalse();
  }

  @Test
  void aRawSecretIsTheKeyAsItIs() {
    WebhookSigner raw = new WebhookSigner("a raw secret");
    WebhookSigner prefixed = new WebhookSigner("whsec_" + base64("a raw secret"));

    assertThat(raw.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
        .isEqualTo(prefixed.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
        .isNotEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void refusesAnEmptySecret() {
    assertThatThrownBy(() -> new WebhookSigner("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookSigner("whsec_"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAPrefixedSecretThatIsNotBase64WithoutQuotingIt() {
    assertThatThrownBy(() -> new WebhookSigner("whsec_not*base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("not*base64");
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
