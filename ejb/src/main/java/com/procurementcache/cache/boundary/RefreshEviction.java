package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.control.CacheComputationException;
import com.procurementcache.cache.control.CacheSettings;
import com.procurementcache.refresh.entity.OrganizationRefreshed;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * After an organization's refresh commits, its nightly entries leave the cache on every node (the
 * caches are the grid's, so one removal is seen everywhere), and, if configured, are read again at
 * once so that the first reader after the refresh does not wait. A rolled-back refresh evicts
 * nothing: the previous figures stay valid.
 */
@ApplicationScoped
public class RefreshEviction {

  private static final Logger LOG = Logger.getLogger(RefreshEviction.class.getName());

  @Inject CachedData data;

  @Resource ManagedExecutorService executor;

  @Inject CacheSettings settings;

  void evict(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrganizationRefreshed refreshed) {
    data.evictNightly(refreshed.organizationId());
    if (settings.rewarmAfterRefresh()) {
      executor.execute(
          () -> {
            for (DataType type : DataType.nightlyTypes()) {
              try {
                data.read(refreshed.organizationId(), type);
              } catch (CacheComputationException e) {
                // A reader will compute it on demand.
                LOG.log(Level.WARNING, "Re-warming {0} failed: {1}", new Object[] {type, e});
              }
            }
          });
    }
  }
}
