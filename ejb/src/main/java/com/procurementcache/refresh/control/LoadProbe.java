package com.procurementcache.refresh.control;

import com.procurementcache.traffic.entity.TrafficSample;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How busy the node is with others' work right now: what the refresh defers to. The container
 * measures this node's readers, its process CPU without the refresh's own thread, and the
 * database's busy connections ({@link NodeLoadProbe}); tests dictate the load.
 */
public interface LoadProbe {

  Load measure();

  /**
   * One measurement.
   *
   * @param readers this node's API traffic over the last second
   * @param readerCpu the share of all cores this JVM spent on other work than the refresh's thread
   *     since the previous measurement (0..1)
   * @param database the share of the database's connections busy with a query (0..1)
   */
  record Load(TrafficSample readers, double readerCpu, double database) {

    public Load {
      Objects.requireNonNull(readers, "the readers' traffic");
    }

    /** Nobody else works. */
    public static Load calm() {
      return new Load(TrafficSample.NONE, 0, 0);
    }

    /** Readers at this rate, and nothing else. */
    public static Load readers(double requestsPerSecond) {
      return new Load(new TrafficSample(requestsPerSecond, Duration.ofMillis(2), 1), 0, 0);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "readers %s, process CPU %.0f %% without the refresh, database %.0f %% busy",
          readers,
          readerCpu * 100,
          database * 100);
    }
  }
}
