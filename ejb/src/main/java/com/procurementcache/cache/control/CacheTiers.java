package com.procurementcache.cache.control;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.CacheTier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Each data type's tier, as MicroProfile Config says: {@code cache.data-type.<slug>.freshness}
 * names a tier whose duration is {@code cache.freshness.<tier>}, and likewise for retention. Read
 * once when the application starts; a change takes a restart (the caches are created with it).
 */
@ApplicationScoped
public class CacheTiers {

  private final Map<DataType, CacheTier> tiers = new EnumMap<>(DataType.class);

  protected CacheTiers() {}

  @Inject
  public CacheTiers(Config config) {
    Function<String, Optional<String>> lookup = key -> config.getOptionalValue(key, String.class);
    for (DataType type : DataType.values()) {
      tiers.put(type, resolve(type, lookup));
    }
  }

  public CacheTier of(DataType type) {
    return tiers.get(type);
  }

  /** The tier of {@code type} from the configuration {@code lookup} gives. */
  public static CacheTier resolve(DataType type, Function<String, Optional<String>> lookup) {
    return new CacheTier(duration(type, "freshness", lookup), duration(type, "retention", lookup));
  }

  private static Duration duration(
      DataType type, String kind, Function<String, Optional<String>> lookup) {
    String tierKey = "cache.data-type." + type.slug() + "." + kind;
    String tier =
        lookup
            .apply(tierKey)
            .map(String::trim)
            .filter(t -> !t.isEmpty())
            .orElseThrow(() -> new IllegalStateException(tierKey + " names no " + kind + " tier"));
    String durationKey = "cache." + kind + "." + tier;
    String value =
        lookup
            .apply(durationKey)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        tierKey
                            + " names tier '"
                            + tier
                            + "', but "
                            + durationKey
                            + " is not set"));
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(
          durationKey + " is not an ISO-8601 duration: '" + value + "'", e);
    }
  }
}
