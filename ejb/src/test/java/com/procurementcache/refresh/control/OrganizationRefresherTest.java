package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrganizationRefresherTest {

  private static final Instant NOW = Instant.parse("2025-06-30T00:10:00Z");
  private static final Duration LIMIT = Duration.ofMinutes(5);

  @Test
  void aStatementMayRunTheSettingsLimitWhenTheRunHasMoreTimeLeft() {
    assertThat(OrganizationRefresher.statementTimeout(LIMIT, NOW, NOW.plusSeconds(3600)))
        .isEqualTo(LIMIT);
  }

  @Test
  void aStatementStopsAtTheRunsDeadlineWhenThatComesFirst() {
    assertThat(OrganizationRefresher.statementTimeout(LIMIT, NOW, NOW.plusSeconds(42)))
        .isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void aRunPastItsDeadlineStillSetsALimitNeverNone() {
    // 0 would mean "no limit" to PostgreSQL
    assertThat(OrganizationRefresher.statementTimeout(LIMIT, NOW, NOW.minusSeconds(1)))
        .isEqualTo(Duration.ofMillis(1));
  }
}
