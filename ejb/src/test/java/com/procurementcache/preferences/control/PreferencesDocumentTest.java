package com.procurementcache.preferences.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreferencesDocumentTest {

  @Test
  void anObjectIsAccepted() {
    assertThat(PreferencesDocument.validate("{ \"theme\" : \"dark\" }", 100))
        .isEqualTo("{\"theme\":\"dark\"}");
  }

  @Test
  void anArrayIsRefused() {
    assertThatThrownBy(() -> PreferencesDocument.validate("[1,2]", 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object");
  }

  @Test
  void brokenJsonIsRefused() {
    assertThatThrownBy(() -> PreferencesDocument.validate("{\"theme\":", 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void anEmptyBodyIsRefused() {
    assertThatThrownBy(() -> PreferencesDocument.validate("  ", 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aDocumentOverTheLimitIsRefused() {
    String big = "{\"notes\":\"" + "x".repeat(200) + "\"}";

    assertThatThrownBy(() -> PreferencesDocument.validate(big, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 100");
  }

  @Test
  void jsonNestedDeeperThanTheParserAllowsIsRefused() {
    String deep = "{\"a\":".repeat(1100) + "1" + "}".repeat(1100);

    assertThatThrownBy(() -> PreferencesDocument.validate(deep, 100_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
  }
}
