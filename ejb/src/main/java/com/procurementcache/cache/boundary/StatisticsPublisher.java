package com.procurementcache.cache.boundary;

import com.procurementcache.cache.control.ClusterStatistics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every node publishes its cache counters to the grid at {@code cache.statistics.publish-interval}
 * (a non-persistent timer: every node runs its own), so the cluster sums stay current.
 */
@Singleton
@Startup
public class StatisticsPublisher {

  private static final Logger LOG = Logger.getLogger(StatisticsPublisher.class.getName());

  @Resource TimerService timers;

  @Inject ClusterStatistics statistics;

  @Inject
  @ConfigProperty(name = "cache.statistics.publish-interval")
  Duration interval;

  @PostConstruct
  void schedule() {
    timers.createIntervalTimer(
        interval.toMillis(), interval.toMillis(), new TimerConfig("cache-statistics", false));
  }

  @Timeout
  void publish() {
    try {
      statistics.publish();
    } catch (RuntimeException e) {
      // The grid may be shutting down with the node; the next tick tries again.
      LOG.log(Level.FINE, "Could not publish cache statistics", e);
    }
  }
}
