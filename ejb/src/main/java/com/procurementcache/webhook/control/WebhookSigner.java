package com.procurementcache.webhook.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook messages the Standard Webhooks way (https://www.standardwebhooks.com/): {@code
 * webhook-signature: v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, the
 * timestamp in unix seconds.
 *
 * <p>The secret is accepted in two forms: {@code whsec_<base64>} (the form the specification and
 * its libraries use; the key is the decoded bytes) or any other non-empty string, used as it is
 * (its UTF-8 bytes are the key, as the reference libraries' "raw" format has it).
 */
public final class WebhookSigner {

  static final String SECRET_PREFIX = "whsec_";
  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "v1";

  /**
   * How far a timestamp may lie from the verifier's clock: the specification's libraries' 5 min.
   */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final SecretKeySpec key;

  public WebhookSigner(String secret) {
    this.key = new SecretKeySpec(keyBytes(secret), ALGORITHM);
  }

  private static byte[] keyBytes(String secret) {
    Objects.requireNonNull(secret, "a signing secret");
    byte[] bytes;
    if (secret.startsWith(SECRET_PREFIX)) {
      try {
        bytes = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        // The message of the decoder would quote part of the secret.
        throw new IllegalArgumentException("a whsec_ secret must be base64 after its prefix");
      }
    } else {
      bytes = secret.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the signing secret is empty");
    }
    return bytes;
  }

  /** The {@code webhook-signature} header value for one message sent at {@code timestamp}. */
  public String sign(String webhookId, long timestamp, String body) {
    return VERSION + "," + Base64.getEncoder().encodeToString(mac(webhookId, timestamp, body));
  }

  /**
   * Whether a received message is authentic: its timestamp within {@link #TOLERANCE} of {@code now}
   * and one of the space-separated {@code v1} signatures of the header that of this secret. What a
   * receiver does; here for the tests and as the reference for the operations guide.
   */
  public boolean verify(
      String webhookId, String timestampHeader, String body, String signatureHeader, Instant now) {
    if (webhookId == null || timestampHeader == null || body == null || signatureHeader == null) {
      return false;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
      return false;
    }
    byte[] expected =
        Base64.getEncoder()
            .encodeToString(mac(webhookId, timestamp, body))
            .getBytes(StandardCharsets.US_ASCII);
    for (String versioned : signatureHeader.trim().split(" +")) {
      int comma = versioned.indexOf(',');
      if (comma > 0 && VERSION.equals(versioned.substring(0, comma))) {
        byte[] given = versioned.substring(comma + 1).getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(expected, given)) {
          return true;
        }
      }
    }
    return false;
  }

  private byte[] mac(String webhookId, long timestamp, String body) {
    Objects.requireNonNull(webhookId, "a webhook id");
    Objects.requireNonNull(body, "a body");
    try {
      // A Mac is not thread-safe and cheap to make: one per signature.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(
          (webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is a mandatory algorithm of every Java platform.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
