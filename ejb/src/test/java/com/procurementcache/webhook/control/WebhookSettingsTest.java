package com.procurementcache.webhook.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.testing.MapConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {

  private static WebhookSettings settings(Duration initial, Duration max) {
    return settings(
        Optional.of(URI.create("https://hooks.example.com/procurement?token=abc123")),
        Optional.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        6,
        initial,
        max);
  }

  private static WebhookSettings settings(
      Optional<URI> url, Optional<String> secret, int maxAttempts, Duration initial, Duration max) {
    return new WebhookSettings(
        url,
        secret,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        maxAttempts,
        initial,
        max,
        Duration.ofSeconds(15));
  }

  @Test
  void retryDelaysDoubleFromTheInitialDelayUpToTheCap() {
    WebhookSettings settings = settings(Duration.ofSeconds(5), Duration.ofMinutes(10));

    List<Duration> delays = IntStream.rangeClosed(1, 10).mapToObj(settings::retryDelay).toList();

    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(80),
            Duration.ofSeconds(160),
            Duration.ofSeconds(320),
            Duration.ofMinutes(10),
            Duration.ofMinutes(10),
            Duration.ofMinutes(10));
  }

  @Test
  void retryDelayDoesNotOverflowAfterManyAttempts() {
    WebhookSettings settings = settings(Duration.ofSeconds(5), Duration.ofMinutes(10));

    assertThat(settings.retryDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aCapBelowTheDoubledDelayCutsIt() {
    WebhookSettings settings = settings(Duration.ofSeconds(5), Duration.ofSeconds(7));

    assertThat(settings.retryDelay(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.retryDelay(2)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void noRetryDelayBeforeAFailedAttempt() {
    WebhookSettings settings = settings(Duration.ofSeconds(5), Duration.ofMinutes(10));

    assertThatThrownBy(() -> settings.retryDelay(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClaimOutlastsTheLongestAttempt() {
    WebhookSettings settings = settings(Duration.ofSeconds(5), Duration.ofMinutes(10));

    assertThat(settings.claimLease())
        .isGreaterThan(settings.connectTimeout().plus(settings.timeout()));
  }

  @Test
  void refusesSettingsThatCannotWork() {
    assertThatThrownBy(() -> settings(Duration.ZERO, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("webhook.backoff-initial");
    assertThatThrownBy(() -> settings(Duration.ofMinutes(2), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("webhook.backoff-max");
    assertThatThrownBy(
            () ->
                settings(
                    Optional.of(URI.create("ftp://files.example.com/secret-token")),
                    Optional.empty(),
                    6,
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret-token");
    assertThatThrownBy(
            () ->
                settings(
                    Optional.empty(),
                    Optional.empty(),
                    0,
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("webhook.max-attempts");
  }

  @Test
  void printedSettingsShowNeitherTheSecretNorTheUrlsPathOrQuery() {
    String printed = settings(Duration.ofSeconds(5), Duration.ofMinutes(10)).toString();

    assertThat(printed)
        .contains("https://hooks.example.com")
        .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .doesNotContain("token")
        .doesNotContain("abc123");
  }

  @Test
  void shippedDefaultsMakeValidSettingsWithoutAWebhook() throws IOException {
    WebhookSettings settings = WebhookSettings.from(new MapConfig(MapConfig.shippedDefaults()));

    assertThat(settings.url()).isEmpty();
    assertThat(settings.secret()).isEmpty();
    assertThat(settings.maxAttempts()).isEqualTo(8);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.retryDelay(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(15));
  }
}
