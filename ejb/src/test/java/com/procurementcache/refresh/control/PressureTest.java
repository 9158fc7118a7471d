package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.traffic.entity.TrafficSample;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PressureTest {

  static final RefreshSettings.Deferral LIMITS =
      new RefreshSettings.Deferral(true, 0.8, 50, Duration.ofMillis(500), 2, Duration.ofMinutes(2));

  static LoadProbe.Load load(double rate, double cpu, double database) {
    return new LoadProbe.Load(new TrafficSample(rate, Duration.ofMillis(3), 4), cpu, database);
  }

  @Test
  void belowEveryLimitThereIsNone() {
    assertThat(Pressure.of(load(50, 0.8, 0.8), LIMITS)).isEmpty();
  }

  @Test
  void readersAboveTheRateAreNamedWithTheirRate() {
    Pressure pressure = Pressure.of(load(1240.4, 0.9, 0.9), LIMITS).orElseThrow();

    assertThat(pressure.waitingPhase())
        .isEqualTo("waiting for readers: 1,240 requests/s on this node (defers above 50)");
    assertThat(pressure.despitePhase(FinishBudget.Allowance.SPENT))
        .isEqualTo("refreshing despite readers: window closing");
    assertThat(pressure.despitePhase(FinishBudget.Allowance.UNKNOWN))
        .isEqualTo("refreshing despite readers: timing a first organization");
  }

  @Test
  void theProcessCpuCountsAsReaders() {
    assertThat(Pressure.of(load(10, 0.93, 0), LIMITS).orElseThrow().waitingPhase())
        .isEqualTo("waiting for readers: process CPU 93 % without the refresh (defers above 80 %)");
  }

  @Test
  void busyDatabaseConnectionsAreTheDatabase() {
    assertThat(Pressure.of(load(10, 0.1, 0.85), LIMITS).orElseThrow().waitingPhase())
        .isEqualTo("waiting for the database: 85 % of its connections busy (defers above 80 %)");
  }
}
