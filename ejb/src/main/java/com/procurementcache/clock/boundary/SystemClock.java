package com.procurementcache.clock.boundary;

import com.procurementcache.clock.control.OffsetFileClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The clock beans read the time from, so that tests can hand plain-Java code another one: the
 * system clock, or, with {@code clock.offset-file} set (for rehearsals), the system clock moved by
 * the offset that file holds ({@link OffsetFileClock}).
 */
@ApplicationScoped
public class SystemClock {

  private static final Logger LOG = Logger.getLogger(SystemClock.class.getName());

  @Inject Config config;

  @Produces
  @ApplicationScoped
  public Clock clock() {
    return config
        .getOptionalValue("clock.offset-file", String.class)
        .map(String::strip)
        .filter(file -> !file.isEmpty())
        .<Clock>map(
            file -> {
              OffsetFileClock clock = new OffsetFileClock(Path.of(file), Clock.systemUTC());
              LOG.log(
                  Level.WARNING,
                  "This node''s clock is the system clock moved by the offset in {0}"
                      + " (clock.offset-file), now {1}: for rehearsals, not for production",
                  new Object[] {file, clock.offset()});
              return clock;
            })
        .orElseGet(Clock::systemUTC);
  }
}
