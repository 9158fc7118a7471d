package com.procurementcache.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.push.control.ChangeFeedLoop;
import com.procurementcache.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeFeedLoopTest {

  @Test
  void pollsAtOnceThenEveryIntervalAndCleansUpOnItsOwnClock() {
    MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    ChangeFeedLoop loop = new ChangeFeedLoop(Duration.ofSeconds(2), Duration.ofHours(1), clock);

    assertThat(loop.pollDue()).isTrue();
    assertThat(loop.cleanupDue()).isTrue();
    loop.polled();
    loop.cleanedUp();
    assertThat(loop.untilNextWork()).isEqualTo(Duration.ofSeconds(2));

    clock.advance(Duration.ofMillis(1500));
    assertThat(loop.pollDue()).isFalse();
    assertThat(loop.untilNextWork()).isEqualTo(Duration.ofMillis(500));

    clock.advance(Duration.ofSeconds(1));
    assertThat(loop.pollDue()).isTrue();
    assertThat(loop.cleanupDue()).isFalse();
    assertThat(loop.untilNextWork()).isEqualTo(Duration.ZERO);
    loop.polled();

    clock.advance(Duration.ofHours(1));
    assertThat(loop.cleanupDue()).isTrue();
  }
}
