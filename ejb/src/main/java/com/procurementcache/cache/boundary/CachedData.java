package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.control.OrganizationDataReader;
import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.control.CacheComputationException;
import com.procurementcache.cache.control.CacheSettings;
import com.procurementcache.cache.control.CacheTiers;
import com.procurementcache.cache.control.CacheVersions;
import com.procurementcache.cache.control.LocalAnswers;
import com.procurementcache.cache.control.TieredCache;
import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.Served;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The organizations' data as the API serves it: from the cluster cache, computed from PostgreSQL
 * once per key when missing, recomputed in the background when stale. Every key is the
 * organization's id, so no organization's entry can answer for another's.
 */
@ApplicationScoped
public class CachedData {

  private static final Logger LOG = Logger.getLogger(CachedData.class.getName());

  @Inject TieredCache cache;

  @Inject OrganizationDataReader reader;

  @Inject CacheTiers tiers;

  @Inject Clock clock;

  @Inject CacheVersions versions;

  @Inject CacheSettings settings;

  @Inject LocalAnswers local;

  /** Re-warming is recomputing: it shares the recomputes' executor, not the refresh's. */
  @Resource(lookup = "concurrent/procurement-cache-recompute")
  ManagedExecutorService executor;

  /** The tier {@code type} is cached with. */
  public CacheTier tier(DataType type) {
    return tiers.of(type);
  }

  /**
   * The data of {@code type} (a nightly type, suppliers or locations) for {@code organization};
   * empty if there is no such organization.
   *
   * @throws com.procurementcache.cache.control.CacheComputationException if the value was not
   *     cached and could not be read
   */
  public Optional<Served> read(UUID organization, DataType type) {
    if (type == DataType.USER_PREFERENCES) {
      throw new IllegalArgumentException("preferences are read per user");
    }
    return cache.serve(
        type,
        key(organization),
        versions.floor(organization, type),
        () ->
            reader
                .read(type, organization, settings.statementTimeout())
                .map(d -> CachedValue.of(d, clock.instant())));
  }

  /**
   * Evicts every cached data type of {@code organization} on every node (nightly data and master
   * data; preferences are evicted when written).
   */
  public void evict(UUID organization) {
    local.drop(organization);
    for (DataType type : organizationTypes()) {
      cache.evict(type, key(organization));
    }
    LOG.fine(() -> "Evicted the cached data of organization " + organization);
  }

  /**
   * Change {@code version} of {@code organization} made {@code types} old: values computed before
   * it are no longer served on this node ({@link CacheVersions}), its local layer drops them
   * ({@link LocalAnswers}), the cluster's entries are evicted (preferences are kept per user and
   * judged by their version alone) and, after a refresh and if {@code cache.rewarm-after-refresh}
   * says so, read again in the background so that the first reader does not wait.
   */
  public void changed(
      UUID organization, long version, Collection<DataType> types, boolean refreshed) {
    versions.advance(organization, version, types);
    local.drop(organization, types);
    List<DataType> evicted = types.stream().filter(t -> t != DataType.USER_PREFERENCES).toList();
    cache.evict(evicted, key(organization));
    if (refreshed && settings.rewarmAfterRefresh()) {
      try {
        executor.execute(
            () -> {
              for (DataType type : evicted) {
                try {
                  read(organization, type);
                } catch (CacheComputationException e) {
                  // A reader will compute it on demand.
                  LOG.log(Level.WARNING, "Re-warming {0} failed: {1}", new Object[] {type, e});
                }
              }
            });
      } catch (RejectedExecutionException e) {
        // The recomputes' queue is full: a reader computes the figures on demand.
        LOG.log(Level.FINE, "Re-warming {0} left to its readers", organization);
      }
    }
  }

  /** The data types served per organization (every type but preferences). */
  public static List<DataType> organizationTypes() {
    return Arrays.stream(DataType.values()).filter(t -> t != DataType.USER_PREFERENCES).toList();
  }

  static String key(UUID organization) {
    return organization.toString();
  }
}
