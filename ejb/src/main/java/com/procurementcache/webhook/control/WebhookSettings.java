package com.procurementcache.webhook.control;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * How webhooks are sent: the {@code webhook.*} keys of MicroProfile Config (defaults and meaning in
 * {@code docs/configuration.md}).
 *
 * @param url where messages go; empty: no webhook, nothing is queued
 * @param secret the signing secret ({@code whsec_<base64>} or raw); empty: messages go unsigned
 * @param connectTimeout the longest a connection to the receiver may take to open
 * @param timeout the longest one request may wait for the receiver's answer
 * @param maxAttempts attempts per message before it is given up as failed
 * @param backoffInitial the wait after the first failed attempt; it doubles after each next one
 * @param backoffMax the longest wait between two attempts
 * @param pollInterval how often each node looks for due deliveries (retries, leftovers)
 */
public record WebhookSettings(
    Optional<URI> url,
    Optional<String> secret,
    Duration connectTimeout,
    Duration timeout,
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    Duration pollInterval) {

  /** Time left to record an attempt after its request has timed out, before its claim lapses. */
  static final Duration CLAIM_MARGIN = Duration.ofMinutes(1);

  public WebhookSettings {
    Objects.requireNonNull(url, "url: empty when none");
    Objects.requireNonNull(secret, "secret: empty when none");
    url.ifPresent(WebhookSettings::requireHttp);
    requirePositive("webhook.connect-timeout", connectTimeout);
    requirePositive("webhook.timeout", timeout);
    requirePositive("webhook.backoff-initial", backoffInitial);
    requirePositive("webhook.backoff-max", backoffMax);
    requirePositive("webhook.poll-interval", pollInterval);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("webhook.max-attempts must be at least 1");
    }
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException(
          "webhook.backoff-max must not be shorter than webhook.backoff-initial");
    }
    secret = secret.filter(s -> !s.isEmpty());
    // Fails now, at start, rather than at the first message.
    secret.ifPresent(WebhookSigner::new);
  }

  /** Reads the {@code webhook.*} keys; an empty {@code webhook.url} or secret counts as unset. */
  public static WebhookSettings from(Config config) {
    return new WebhookSettings(
        config.getOptionalValue("webhook.url", String.class).map(String::trim).map(URI::create),
        config.getOptionalValue("webhook.secret", String.class),
        duration(config, "webhook.connect-timeout"),
        duration(config, "webhook.timeout"),
        config.getValue("webhook.max-attempts", Integer.class),
        duration(config, "webhook.backoff-initial"),
        duration(config, "webhook.backoff-max"),
        duration(config, "webhook.poll-interval"));
  }

  private static Duration duration(Config config, String key) {
    String value = config.getValue(key, String.class);
    try {
      return Duration.parse(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " is not an ISO-8601 duration: " + value, e);
    }
  }

  private static void requireHttp(URI url) {
    String scheme = url.getScheme();
    if (!url.isAbsolute()
        || url.getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      // The URL itself is not repeated: it may carry a token.
      throw new IllegalArgumentException("webhook.url must be an absolute http or https URL");
    }
  }

  private static void requirePositive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive");
    }
  }

  /**
   * The wait before the next attempt after {@code failedAttempts} attempts have failed: {@code
   * backoffInitial × 2^(failedAttempts − 1)}, at most {@code backoffMax}.
   */
  public Duration retryDelay(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("a retry follows at least one failed attempt");
    }
    Duration delay = backoffInitial;
    for (int i = 1; i < failedAttempts && delay.compareTo(backoffMax) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(backoffMax) < 0 ? delay : backoffMax;
  }

  /**
   * How long a claimed delivery stays reserved for the node that sends it: longer than connecting
   * and waiting for an answer can take, so that no other node sends it meanwhile; if the node stops
   * before it records the attempt, another node takes the delivery up after this.
   */
  public Duration claimLease() {
    return connectTimeout.plus(timeout).plus(CLAIM_MARGIN);
  }

  /** The signer of this secret; empty when no secret is set. */
  public Optional<WebhookSigner> signer() {
    return secret.map(WebhookSigner::new);
  }

  /** Without the secret, so that logging the settings never leaks it. */
  @Override
  public String toString() {
    return "WebhookSettings[url="
        + url.map(
                u ->
                    u.getScheme()
                        + "://"
                        + u.getHost()
                        + (u.getPort() < 0 ? "" : ":" + u.getPort()))
            .orElse("(none)")
        + ", secret="
        + (secret.isPresent() ? "(set)" : "(none)")
        + ", connectTimeout="
        + connectTimeout
        + ", timeout="
        + timeout
        + ", maxAttempts="
        + maxAttempts
        + ", backoffInitial="
        + backoffInitial
        + ", backoffMax="
        + backoffMax
        + ", pollInterval="
        + pollInterval
        + "]";
  }
}
