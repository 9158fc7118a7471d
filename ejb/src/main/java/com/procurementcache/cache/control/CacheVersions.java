package com.procurementcache.cache.control;

import com.procurementcache.analytics.entity.DataType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The change versions (docs/push.md) this node has applied: per organization and data type, the
 * latest version that made that type's cached answers old. A cached value computed before that
 * version ({@link com.procurementcache.cache.entity.CachedValue#changeVersion()}) is never served:
 * whichever node stored it, and whatever an eviction missed, the version says it is old.
 */
@ApplicationScoped
public class CacheVersions {

  private final ConcurrentMap<UUID, Map<DataType, Long>> floors = new ConcurrentHashMap<>();

  /** The version a cached value of {@code type} of {@code organization} must have reached. */
  public long floor(UUID organization, DataType type) {
    Map<DataType, Long> byType = floors.get(organization);
    if (byType == null) {
      return 0;
    }
    synchronized (byType) {
      return byType.getOrDefault(type, 0L);
    }
  }

  /** Records that change {@code version} of {@code organization} made {@code types} old. */
  public void advance(UUID organization, long version, Collection<DataType> types) {
    Map<DataType, Long> byType =
        floors.computeIfAbsent(organization, o -> new EnumMap<>(DataType.class));
    synchronized (byType) {
      for (DataType type : types) {
        byType.merge(type, version, Math::max);
      }
    }
  }
}
