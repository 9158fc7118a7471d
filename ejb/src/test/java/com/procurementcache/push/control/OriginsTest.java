package com.procurementcache.push.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginsTest {

  private static final List<String> LISTED =
      List.of("http://localhost:8080", "https://app.example/");

  @Test
  void aClientWithoutOriginIsNoBrowserAndMayConnect() {
    assertThat(Origins.allowed(null, "localhost:8080", LISTED)).isTrue();
  }

  @Test
  void aListedOriginMayConnectWhateverTheHost() {
    assertThat(Origins.allowed("http://LOCALHOST:8080", "node-2:8081", LISTED)).isTrue();
    assertThat(Origins.allowed("https://app.example", null, LISTED)).isTrue();
  }

  @Test
  void aPageOfTheNodeItselfMayConnectOnAnyPort() {
    assertThat(Origins.allowed("http://localhost:43127", "localhost:43127", List.of())).isTrue();
    assertThat(Origins.allowed("http://node-2.internal", "node-2.internal", List.of())).isTrue();
    assertThat(Origins.allowed("https://cache.example", "cache.example:443", List.of())).isTrue();
    assertThat(Origins.allowed("http://[::1]:9000", "[::1]:9000", List.of())).isTrue();
  }

  @Test
  void anotherSiteMayNot() {
    assertThat(Origins.allowed("https://evil.example", "localhost:8080", LISTED)).isFalse();
    assertThat(Origins.allowed("http://localhost:9999", "localhost:8080", LISTED)).isFalse();
    assertThat(Origins.allowed("http://localhost:8080", null, List.of())).isFalse();
  }

  @Test
  void aMalformedOriginIsRefused() {
    assertThat(Origins.allowed("not an origin", "localhost:8080", LISTED)).isFalse();
    assertThat(Origins.allowed("null", "localhost:8080", LISTED)).isFalse();
  }
}
