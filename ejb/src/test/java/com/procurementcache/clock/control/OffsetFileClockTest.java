package com.procurementcache.clock.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetFileClockTest {

  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  final Clock system = Clock.fixed(NOW, ZoneOffset.UTC);
  final AtomicLong nanoTime = new AtomicLong(1_000);

  @TempDir Path dir;

  @Test
  void readsTheSystemClockMovedByTheFilesOffset() throws IOException {
    Path file = write("P116DT15H59M55S\n");
    OffsetFileClock clock = new OffsetFileClock(file, system, nanoTime::get);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2027-03-29T01:59:55Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2027-03-29T01:59:55Z").toEpochMilli());
  }

  @Test
  void aNegativeOffsetMovesItBack() throws IOException {
    OffsetFileClock clock = new OffsetFileClock(write("-PT1H"), system, nanoTime::get);
    assertThat(clock.instant()).isEqualTo(NOW.minus(Duration.ofHours(1)));
  }

  @Test
  void aNewOffsetIsSeenOnceTheRecheckIntervalHasPassedAndNotBefore() throws IOException {
    Path file = write("PT0S");
    OffsetFileClock clock = new OffsetFileClock(file, system, nanoTime::get);
    write("P1D");
    nanoTime.addAndGet(OffsetFileClock.RECHECK.toNanos() - 1);
    assertThat(clock.instant()).isEqualTo(NOW);
    nanoTime.addAndGet(1);
    assertThat(clock.instant()).isEqualTo(NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void zonedCopiesShareTheOffset() throws IOException {
    Path file = write("PT0S");
    OffsetFileClock clock = new OffsetFileClock(file, system, nanoTime::get);
    Clock copenhagen = clock.withZone(ZoneId.of("Europe/Copenhagen"));
    write("PT2H");
    nanoTime.addAndGet(OffsetFileClock.RECHECK.toNanos());
    assertThat(clock.instant()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(copenhagen.instant()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(copenhagen.getZone()).isEqualTo(ZoneId.of("Europe/Copenhagen"));
  }

  @Test
  void aFileThatStopsHoldingADurationLeavesTheLastOffsetInForce() throws IOException {
    Path file = write("PT3H");
    OffsetFileClock clock = new OffsetFileClock(file, system, nanoTime::get);
    write("");
    nanoTime.addAndGet(OffsetFileClock.RECHECK.toNanos());
    assertThat(clock.instant()).isEqualTo(NOW.plus(Duration.ofHours(3)));
    Files.delete(file);
    nanoTime.addAndGet(OffsetFileClock.RECHECK.toNanos());
    assertThat(clock.instant()).isEqualTo(NOW.plus(Duration.ofHours(3)));
    write("PT4H");
    nanoTime.addAndGet(OffsetFileClock.RECHECK.toNanos());
    assertThat(clock.instant()).isEqualTo(NOW.plus(Duration.ofHours(4)));
  }

  @Test
  void aMissingOrUnreadableFileIsAConfigurationError() throws IOException {
    assertThatThrownBy(() -> new OffsetFileClock(dir.resolve("none"), system))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clock.offset-file");
    Path file = write("tomorrow");
    assertThatThrownBy(() -> new OffsetFileClock(file, system))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO-8601 duration");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("offset"), text);
  }
}
