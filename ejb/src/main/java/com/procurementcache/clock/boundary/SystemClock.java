package com.procurementcache.clock.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The clock beans read the time from, so that tests can hand plain-Java code another one. */
@ApplicationScoped
public class SystemClock {

  @Produces
  @ApplicationScoped
  public Clock clock() {
    return Clock.systemUTC();
  }
}
