package com.procurementcache.analytics.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** JDBC's query timeout is whole seconds, and 0 means none: a limit is never lost to rounding. */
class QueryTimeoutTest {

  @Test
  void wholeSecondsStayAsTheyAre() {
    assertThat(OrganizationDataReader.seconds(Duration.ofSeconds(20))).isEqualTo(20);
  }

  @Test
  void aFractionRoundsUp() {
    assertThat(OrganizationDataReader.seconds(Duration.ofMillis(2_001))).isEqualTo(3);
  }

  @Test
  void lessThanASecondIsOneSecondNotNone() {
    assertThat(OrganizationDataReader.seconds(Duration.ofMillis(1))).isEqualTo(1);
  }
}
