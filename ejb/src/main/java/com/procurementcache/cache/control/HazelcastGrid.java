package com.procurementcache.cache.control;

import com.hazelcast.cache.ICache;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.ModifiedExpiryPolicy;

/**
 * Everything that needs Hazelcast's own API, in one place: JCache cannot bound a cache's size, and
 * its statistics say nothing of the entries a member holds or of the grid's state. The rest of the
 * application uses {@code javax.cache} only.
 */
@ApplicationScoped
public class HazelcastGrid {

  /** This member, as Payara's CDI extension produces it. */
  @Inject HazelcastInstance instance;

  /**
   * A cache configuration with statistics and management on, at most {@code maxEntries} entries per
   * member (least recently used go first), each expiring {@code expiry} after it was last written.
   */
  public static CompleteConfiguration<Object, Object> boundedConfiguration(
      int maxEntries, Duration expiry) {
    CacheConfig<Object, Object> config = new CacheConfig<>();
    config.setStatisticsEnabled(true);
    config.setManagementEnabled(true);
    config.setExpiryPolicyFactory(
        ModifiedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(
                java.util.concurrent.TimeUnit.MILLISECONDS, Math.max(1, expiry.toMillis()))));
    config.setEvictionConfig(
        new EvictionConfig()
            .setSize(maxEntries)
            .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
            .setEvictionPolicy(EvictionPolicy.LRU));
    return config;
  }

  /** Entries of {@code cache} held by this member as their owner (not backups). */
  public static long ownedEntries(Cache<?, ?> cache) {
    return cache.unwrap(ICache.class).getLocalCacheStatistics().getOwnedEntryCount();
  }

  /**
   * Entries of {@code cache} this member evicted to keep within its size bound since it started
   * (JCache's meaning of eviction: expiry and explicit removal are not counted).
   */
  public static long evictions(Cache<?, ?> cache) {
    return cache.unwrap(ICache.class).getLocalCacheStatistics().getCacheEvictions();
  }

  /** Starts removing {@code key} from {@code cache} on its owner, without waiting for it. */
  @SuppressWarnings("unchecked")
  public static <K> CompletableFuture<Boolean> removeAsync(Cache<K, ?> cache, K key) {
    return ((ICache<K, ?>) cache.unwrap(ICache.class)).removeAsync(key).toCompletableFuture();
  }

  /** The grid's state as this member sees it. */
  public GridState state() {
    boolean running = instance.getLifecycleService().isRunning();
    ClusterState state = running ? instance.getCluster().getClusterState() : null;
    return new GridState(
        running && state == ClusterState.ACTIVE,
        running ? instance.getCluster().getMembers().size() : 0,
        String.valueOf(state));
  }

  /** Whether the grid takes reads and writes, its member count, and Hazelcast's state name. */
  public record GridState(boolean active, int members, String state) {}
}
