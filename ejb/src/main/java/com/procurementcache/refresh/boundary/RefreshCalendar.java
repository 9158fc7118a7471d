package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.control.RefreshSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The refresh's calendar as other capabilities see it: when the nightly data changes next, and
 * which date a refresh started now would compute. The one place that reads the schedule against the
 * clock.
 */
@ApplicationScoped
public class RefreshCalendar {

  @Inject RefreshSchedule schedule;

  @Inject Clock clock;

  /** When the nightly refresh runs next (its organizations' nightly data changes then). */
  public Instant nextRefreshAt() {
    return schedule.nextAfter(clock.instant());
  }

  /** The zone the schedule is read in ({@code refresh.zone}). */
  public ZoneId zone() {
    return schedule.zone();
  }

  /** Today in the refresh's zone: the date a refresh started now computes the figures of. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(schedule.zone()));
  }
}
