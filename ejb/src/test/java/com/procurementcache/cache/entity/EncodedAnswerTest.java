package com.procurementcache.cache.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which If-None-Match values name an answer (RFC 9110 13.1.2: weak comparison). */
class EncodedAnswerTest {

  private final EncodedAnswer answer =
      new EncodedAnswer(
          new byte[0],
          "\"abc\"",
          null,
          new CacheTier(Duration.ofMinutes(1), Duration.ofMinutes(5)),
          null,
          false,
          0,
          Instant.EPOCH);

  @Test
  void matchesItsOwnTagInAListWeakOrStrongAndTheWildcard() {
    assertThat(answer.matches("\"abc\"")).isTrue();
    assertThat(answer.matches(" \"x\", \"abc\" ")).isTrue();
    assertThat(answer.matches("W/\"abc\"")).isTrue();
    assertThat(answer.matches("*")).isTrue();
  }

  @Test
  void doesNotMatchOtherTagsOrNone() {
    assertThat(answer.matches(null)).isFalse();
    assertThat(answer.matches("\"abcd\"")).isFalse();
    assertThat(answer.matches("abc")).isFalse();
    assertThat(answer.matches("\"x\", W/\"y\"")).isFalse();
  }
}
