package com.procurementcache.cache.boundary;

import com.procurementcache.cache.control.CacheSettings;
import com.procurementcache.cache.control.ClusterStatistics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node publishes its cache counters to the grid at {@code cache.statistics.publish-interval},
 * so the cluster sums stay current. A per-node housekeeping tick: a managed scheduled executor does
 * it without the EJB timer service and its store.
 */
@ApplicationScoped
public class StatisticsPublisher {

  private static final Logger LOG = Logger.getLogger(StatisticsPublisher.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject ClusterStatistics statistics;

  @Inject CacheSettings settings;

  private ScheduledFuture<?> publishing;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    long interval = settings.publishInterval().toMillis();
    publishing =
        scheduler.scheduleAtFixedRate(this::publish, interval, interval, TimeUnit.MILLISECONDS);
  }

  void publish() {
    try {
      statistics.publish();
    } catch (RuntimeException e) {
      // The grid may be shutting down with the node; the next tick tries again.
      LOG.log(Level.FINE, "Could not publish cache statistics", e);
    }
  }

  @PreDestroy
  void stop() {
    if (publishing != null) {
      publishing.cancel(false);
    }
  }
}
