package com.procurementcache.refresh.control;

/**
 * How busy the system is, as a fraction where 1.0 means fully used. The run waits while it is above
 * {@code refresh.max-load}. The container measures the JVM host and the database; tests dictate the
 * load.
 */
public interface LoadProbe {

  Load measure();

  /** A measurement: the higher of the two parts decides. */
  record Load(double hostPerCore, double database) {

    public double value() {
      return Math.max(hostPerCore, database);
    }

    @Override
    public String toString() {
      return String.format("host %.2f per core, database %.2f", hostPerCore, database);
    }
  }
}
