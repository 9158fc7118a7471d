package com.procurementcache.push;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.push.control.PushSettings;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.refresh.control.RefreshStatus;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** Settings, changes and refresh states as the push tests need them. */
public final class PushFixtures {

  private PushFixtures() {}

  /** The shipped {@code push.*} defaults, with {@code overrides} (key → value) on top. */
  public static PushSettings settings(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(shippedDefaults());
    values.putAll(overrides);
    return new PushSettings(new MapConfig(values));
  }

  /** A manual invalidation of {@code organization}, its {@code version}-th change. */
  public static Change change(UUID organization, long version) {
    return change(organization, version, Instant.parse("2026-03-01T10:00:00Z"));
  }

  public static Change change(UUID organization, long version, Instant changedAt) {
    return new Change(
        organization,
        version,
        ChangeReason.MANUAL,
        Set.of(DataType.SUPPLIERS, DataType.DASHBOARD_METRICS),
        false,
        List.of(),
        null,
        null,
        changedAt);
  }

  /** No run under way: the latest one completed. */
  public static RefreshProgress idle(UUID organization, Instant at) {
    return new RefreshProgress(
        organization,
        RefreshStatus.State.COMPLETED,
        RefreshProgress.OrganizationState.DONE,
        UUID.fromString("00000000-0000-0000-0000-0000000000aa"),
        40,
        40,
        at);
  }

  private static Map<String, String> shippedDefaults() {
    Properties properties = new Properties();
    Path file =
        Path.of(System.getProperty("project.root", ".."))
            .resolve("ejb/src/main/resources/META-INF/microprofile-config.properties");
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> defaults = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> defaults.put(k, properties.getProperty(k)));
    return defaults;
  }

  /** Config over a map, converting as MicroProfile Config does for the types the settings read. */
  private record MapConfig(Map<String, String> values) implements Config {

    @Override
    public <T> T getValue(String name, Class<T> type) {
      return getOptionalValue(name, type)
          .orElseThrow(() -> new java.util.NoSuchElementException(name));
    }

    @Override
    public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
      Optional<String> value = Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
      return value.map(v -> type.cast(convert(v, type)));
    }

    private static Object convert(String value, Class<?> type) {
      if (type == Duration.class) {
        return Duration.parse(value);
      }
      if (type == Integer.class) {
        return Integer.valueOf(value);
      }
      if (type == Long.class) {
        return Long.valueOf(value);
      }
      if (type == String[].class) {
        return value.split(",");
      }
      return value;
    }

    @Override
    public ConfigValue getConfigValue(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Iterable<String> getPropertyNames() {
      return values.keySet();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
      return List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
      return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      throw new IllegalArgumentException();
    }
  }
}
