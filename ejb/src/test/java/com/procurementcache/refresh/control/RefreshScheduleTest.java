package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {

  static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");
  final RefreshSchedule nightly = new RefreshSchedule("0 2 * * *", COPENHAGEN);

  @Test
  void firesAtTwoInTheMorningCopenhagenTime() {
    Instant next = nightly.nextAfter(Instant.parse("2026-11-24T12:00:00Z"));
    assertThat(next).isEqualTo(Instant.parse("2026-11-25T01:00:00Z"));
    assertThat(nightly.nightOf(next)).isEqualTo(LocalDate.of(2026, 11, 25));
  }

  @Test
  void everyNightOfAYearHasExactlyOneFireTimeIncludingBothDaylightSavingDays() {
    Instant at = Instant.parse("2025-12-31T12:00:00Z");
    List<LocalDate> nights = new ArrayList<>();
    for (int i = 0; i < 365; i++) {
      at = nightly.nextAfter(at);
      nights.add(nightly.nightOf(at));
    }
    assertThat(nights).doesNotHaveDuplicates().hasSize(365);
    assertThat(nights.get(0)).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(nights.get(364)).isEqualTo(LocalDate.of(2026, 12, 31));
  }

  @Test
  void aNonexistentTwoOClockInMarchStillFiresThatNight() {
    Instant fire = nightly.nextAfter(Instant.parse("2026-03-28T12:00:00Z"));
    assertThat(nightly.nightOf(fire)).isEqualTo(LocalDate.of(2026, 3, 29));
    assertThat(fire)
        .isBetween(Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T02:00:00Z"));
  }

  @Test
  void aTwiceOccurringTwoOClockInOctoberBelongsToOneNight() {
    Instant first = nightly.nextAfter(Instant.parse("2026-10-24T12:00:00Z"));
    Instant second = nightly.nextAfter(first);
    assertThat(nightly.nightOf(first)).isEqualTo(LocalDate.of(2026, 10, 25));
    assertThat(nightly.nightOf(second)).isEqualTo(LocalDate.of(2026, 10, 26));
  }

  @Test
  void lastFireTimeIsTheLatestAtOrBefore() {
    Instant fire = Instant.parse("2026-11-25T01:00:00Z");
    assertThat(nightly.lastAtOrBefore(fire)).contains(fire);
    assertThat(nightly.lastAtOrBefore(fire.plusSeconds(3600))).contains(fire);
    assertThat(nightly.lastAtOrBefore(fire.minusSeconds(1)))
        .contains(Instant.parse("2026-11-24T01:00:00Z"));
  }

  @Test
  void translatesToAnEjbCalendarExpression() {
    var expression = new RefreshSchedule("30 1 * * 1-5", COPENHAGEN).toScheduleExpression();
    assertThat(expression.getMinute()).isEqualTo("30");
    assertThat(expression.getHour()).isEqualTo("1");
    assertThat(expression.getDayOfWeek()).isEqualTo("1-5");
    assertThat(expression.getTimezone()).isEqualTo("Europe/Copenhagen");
  }

  @Test
  void refusesAnExpressionThatIsNotUnixCron() {
    assertThatThrownBy(() -> new RefreshSchedule("0 0 2 * * ?", COPENHAGEN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RefreshSchedule("every night", COPENHAGEN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Instant local(String dateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), COPENHAGEN).toInstant();
  }
}
