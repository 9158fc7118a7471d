package com.procurementcache.clock.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The clock every time-dependent decision reads (schedules, leases, freshness), injected rather
 * than called statically so that tests can play whole nights with a clock of their own.
 */
@ApplicationScoped
public class SystemClock {

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }
}
