package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReaderCpuTest {

  static final long SECOND = 1_000_000_000L;

  @Test
  void theRefreshThreadsOwnCpuIsNotCounted() {
    ReaderCpu.Sample before = new ReaderCpu.Sample(7, 0, 10 * SECOND, 2 * SECOND);
    // One second on two cores: the process used 1.5 s of CPU, 0.5 s of it on the refresh thread.
    ReaderCpu.Sample after = new ReaderCpu.Sample(7, SECOND, 11_500_000_000L, 2_500_000_000L);

    assertThat(after.othersShareSince(before, 2)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void theShareStaysWithinZeroAndOne() {
    ReaderCpu.Sample before = new ReaderCpu.Sample(7, 0, 0, 0);

    assertThat(new ReaderCpu.Sample(7, SECOND, 5 * SECOND, 0).othersShareSince(before, 2))
        .isEqualTo(1);
    assertThat(new ReaderCpu.Sample(7, SECOND, SECOND, 2 * SECOND).othersShareSince(before, 2))
        .isZero();
    assertThat(new ReaderCpu.Sample(7, 0, SECOND, 0).othersShareSince(before, 2)).isZero();
  }

  @Test
  void measuresOnTheCallingThread() {
    ReaderCpu cpu = new ReaderCpu();
    double first = cpu.measure();
    assertThat(first).isBetween(0.0, 1.0);
    assertThat(cpu.measure()).isEqualTo(first); // within 100 ms: the same answer
  }
}
