package com.procurementcache.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * MicroProfile Config over a map, converting as MicroProfile Config does for the types the settings
 * read (an empty value is no value); {@link #shippedDefaults()} gives the shipped defaults.
 */
public record MapConfig(Map<String, String> values) implements Config {

  /** The defaults shipped in the EJB jar, as written (an empty value: not set). */
  public static Map<String, String> shippedDefaults() {
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
    if (type == Boolean.class) {
      return Boolean.valueOf(value);
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
