package com.procurementcache.cache.control;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.Served;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;

/**
 * The serving logic of every cache: fresh values are served as they are; stale ones (older than the
 * tier's freshness, younger than its retention) are served while one recomputation runs in the
 * background, and kept if it fails (stale-if-error); missing ones are computed once per key in the
 * whole cluster while concurrent requests for that key, on any node, wait for that one computation.
 *
 * <p>Single flight, in two steps (see docs/adr/0004): on a node, concurrent requests for a key
 * share one future; across nodes, the node that wins {@code putIfAbsent} of a marker in the
 * computations cache computes, the others watch for the value. The marker expires after {@code
 * cache.computation-timeout}, so a node that dies while computing blocks nobody for longer.
 * Evicting a key removes its marker too: a computation that loses its marker meanwhile may have
 * read data older than the eviction, so it serves its value to the requests waiting for it but does
 * not keep it.
 */
@ApplicationScoped
public class TieredCache {

  private static final Logger LOG = Logger.getLogger(TieredCache.class.getName());
  private static final long FIRST_POLL_MILLIS = 5;
  private static final long LONGEST_POLL_MILLIS = 100;

  @Inject DataCaches caches;

  @Inject CacheTiers tiers;

  @Inject CacheCounters counters;

  @Resource(lookup = "concurrent/procurement-cache-recompute")
  ManagedExecutorService executor;

  @Inject Clock clock;

  @Inject CacheSettings settings;

  /** Computations of missing values this node runs, by flight key, for local requests to join. */
  private final ConcurrentMap<String, CompletableFuture<Optional<CachedValue>>> local =
      new ConcurrentHashMap<>();

  /** Background recomputations of stale values this node runs, by flight key. */
  private final Set<String> revalidating = ConcurrentHashMap.newKeySet();

  /** How a value is computed from PostgreSQL; may say that there is nothing to compute. */
  @FunctionalInterface
  public interface Computation {
    Optional<CachedValue> compute() throws Exception;
  }

  /**
   * The value of {@code key} in {@code type}'s cache, computed by {@code computation} if needed.
   * Empty if the computation finds nothing (nothing is cached then). A cached value computed before
   * change version {@code floor} ({@link CacheVersions}) counts as missing; a value computed now is
   * stamped with {@code floor}, the version this node knew before reading.
   *
   * @throws CacheComputationException if the value is missing and computing it failed or took
   *     longer than the computation timeout
   */
  public Optional<Served> serve(DataType type, String key, long floor, Computation unstamped) {
    Computation computation = () -> unstamped.compute().map(v -> v.atChangeVersion(floor));
    Cache<String, CachedValue> cache = caches.of(type);
    CacheTier tier = tiers.of(type);
    CachedValue cached = cache.get(key);
    if (cached != null && cached.changeVersion() < floor) {
      // computed before a change this node has applied: as if missing
      cached = null;
    }
    if (cached != null) {
      switch (Freshness.of(cached, tier, clock.instant())) {
        case FRESH -> {
          counters.hit(type, false);
          return Optional.of(new Served(cached, CacheOutcome.HIT));
        }
        case STALE -> {
          counters.hit(type, true);
          revalidate(type, key, cached, computation);
          CacheOutcome outcome =
              cached.lastRevalidationFailure().isPresent()
                  ? CacheOutcome.STALE_IF_ERROR
                  : CacheOutcome.STALE;
          return Optional.of(new Served(cached, outcome));
        }
        case EXPIRED -> {
          // older than retention: as if missing (the grid drops it by itself soon)
        }
      }
    }
    counters.miss(type);
    return computeOnce(type, key, floor, computation);
  }

  /** Removes {@code key} from {@code type}'s cache on every node, with its computation marker. */
  public void evict(DataType type, String key) {
    caches.computations().remove(flightKey(type, key));
    caches.of(type).remove(key);
  }

  /**
   * {@link #evict(DataType, String)} for several types at once: the removals run in parallel on
   * their owners, and this returns when all are done (one round trip instead of two per type).
   */
  public void evict(Collection<DataType> types, String key) {
    List<CompletableFuture<Boolean>> removals = new ArrayList<>();
    for (DataType type : types) {
      removals.add(HazelcastGrid.removeAsync(caches.computations(), flightKey(type, key)));
      removals.add(HazelcastGrid.removeAsync(caches.of(type), key));
    }
    try {
      CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
          .get(settings.computationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "Parallel eviction failed, evicting one by one: {0}", e.toString());
      types.forEach(type -> evict(type, key));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      types.forEach(type -> evict(type, key));
    }
  }

  private Optional<Served> computeOnce(
      DataType type, String key, long floor, Computation computation) {
    String flight = flightKey(type, key);
    CompletableFuture<Optional<CachedValue>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<CachedValue>> running = local.putIfAbsent(flight, mine);
    if (running != null) {
      return awaitLocal(running).map(TieredCache::collapsed);
    }
    try {
      Optional<Served> served = clusterFlight(type, key, flight, floor, computation);
      mine.complete(served.map(Served::value));
      return served;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      local.remove(flight, mine);
    }
  }

  private Optional<Served> clusterFlight(
      DataType type, String key, String flight, long floor, Computation computation) {
    Cache<String, String> markers = caches.computations();
    Cache<String, CachedValue> cache = caches.of(type);
    CacheTier tier = tiers.of(type);
    long deadline = System.nanoTime() + settings.computationTimeout().toNanos();
    while (true) {
      String marker = UUID.randomUUID().toString();
      if (markers.putIfAbsent(flight, marker)) {
        // Another node may have stored the value and released its marker between this
        // request's miss and its marker: then there is nothing left to compute.
        CachedValue stored = cache.get(key);
        if (stored != null
            && stored.changeVersion() >= floor
            && Freshness.of(stored, tier, clock.instant()) == Freshness.FRESH) {
          markers.remove(flight, marker);
          return Optional.of(collapsed(stored));
        }
        return computeAndStore(type, key, flight, marker, computation)
            .map(v -> new Served(v, CacheOutcome.COMPUTED));
      }
      // Another node computes: wait for its value, or for its marker to go (it failed, died or
      // was evicted), then try to take over.
      long pause = FIRST_POLL_MILLIS;
      while (true) {
        CachedValue value = cache.get(key);
        if (value != null
            && value.changeVersion() >= floor
            && Freshness.of(value, tier, clock.instant()) != Freshness.EXPIRED) {
          return Optional.of(collapsed(value));
        }
        if (!markers.containsKey(flight)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new CacheComputationException(
              "waited " + settings.computationTimeout() + " for " + type.slug() + " to be computed",
              null);
        }
        pause(pause);
        pause = Math.min(pause * 2, LONGEST_POLL_MILLIS);
      }
    }
  }

  private Optional<CachedValue> computeAndStore(
      DataType type, String key, String flight, String marker, Computation computation) {
    Cache<String, CachedValue> cache = caches.of(type);
    Optional<CachedValue> value;
    try {
      value = computation.compute();
    } catch (Exception e) {
      counters.computationFailed(type);
      caches.computations().remove(flight, marker);
      throw new CacheComputationException("computing " + type.slug() + " failed", e);
    }
    if (value.isEmpty()) {
      caches.computations().remove(flight, marker);
      return value;
    }
    counters.computed(type);
    cache.put(key, value.get());
    if (!caches.computations().remove(flight, marker)) {
      // Evicted while we computed: what we read may predate the change that evicted it.
      cache.remove(key);
    }
    return value;
  }

  private void revalidate(DataType type, String key, CachedValue stale, Computation computation) {
    String flight = flightKey(type, key);
    if (!revalidating.add(flight)) {
      return;
    }
    String marker = UUID.randomUUID().toString();
    if (!caches.computations().putIfAbsent(flight, marker)) {
      // Another node (or a request for the missing value) is computing it already.
      revalidating.remove(flight);
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              if (computeAndStore(type, key, flight, marker, computation).isEmpty()) {
                // The data is gone (the organization was deleted): so is the value.
                caches.of(type).remove(key);
              }
            } catch (CacheComputationException e) {
              LOG.log(
                  Level.WARNING,
                  "Recomputing stale {0} failed; the last value is served until it expires: {1}",
                  new Object[] {type.slug(), rootMessage(e)});
              caches.of(type).replace(key, stale.revalidationFailed(clock.instant()));
            } finally {
              revalidating.remove(flight);
            }
          });
    } catch (RuntimeException e) {
      // The executor refused (shutting down): the next request tries again.
      caches.computations().remove(flight, marker);
      revalidating.remove(flight);
    }
  }

  private Optional<CachedValue> awaitLocal(CompletableFuture<Optional<CachedValue>> running) {
    try {
      return running.get(settings.computationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CacheComputationException c) {
        throw c;
      }
      throw new CacheComputationException("computation failed", e.getCause());
    } catch (TimeoutException e) {
      throw new CacheComputationException(
          "waited " + settings.computationTimeout() + " for a value", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheComputationException("interrupted while waiting for a value", e);
    }
  }

  private static Served collapsed(CachedValue value) {
    return new Served(value, CacheOutcome.COLLAPSED);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheComputationException("interrupted while waiting for a value", e);
    }
  }

  static String flightKey(DataType type, String key) {
    return type.slug() + "|" + key;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
