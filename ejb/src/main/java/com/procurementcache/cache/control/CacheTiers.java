package com.procurementcache.cache.control;

import com.procurementcache.cache.entity.DataType;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The freshness and retention tiers of every data type, resolved once from configuration ({@code
 * cache.data-type.<type>.freshness} names a {@code cache.freshness.<tier>}, likewise for
 * retention). A data type that names an unknown tier stops the deployment with a clear message.
 */
@ApplicationScoped
public class CacheTiers {

  @Inject Config config;

  private final Map<DataType, Tier> tiers = new EnumMap<>(DataType.class);

  @PostConstruct
  void resolve() {
    for (DataType type : DataType.values()) {
      tiers.put(type, resolve(config, type));
    }
  }

  static Tier resolve(Config config, DataType type) {
    String prefix = "cache.data-type." + type.key();
    String freshness = config.getValue(prefix + ".freshness", String.class);
    String retention = config.getValue(prefix + ".retention", String.class);
    Duration stale = tierDuration(config, "cache.freshness.", freshness, prefix + ".freshness");
    Duration keep = tierDuration(config, "cache.retention.", retention, prefix + ".retention");
    return new Tier(freshness, stale, retention, keep);
  }

  private static Duration tierDuration(Config config, String family, String tier, String usedBy) {
    return config
        .getOptionalValue(family + tier, Duration.class)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    usedBy + " names tier '" + tier + "' but " + family + tier + " is not set"));
  }

  public Tier of(DataType type) {
    return tiers.get(type);
  }

  /**
   * A data type's tiers: fresh for {@code freshness}, kept (servable stale) for {@code retention}.
   */
  public record Tier(
      String freshnessTier, Duration freshness, String retentionTier, Duration retention) {}
}
