package com.procurementcache.configuration.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * The settings this application runs with, after system properties and environment variables have
 * had their say: what an operator checks first when behaviour surprises. Secrets are shown only as
 * whether they are set.
 */
@ApplicationScoped
public class EffectiveConfiguration {

  static final List<String> PREFIXES =
      List.of("cache.", "refresh.", "webhook.", "db.", "preferences.", "api.");

  static final String HIDDEN = "(set, hidden)";

  @Inject Config config;

  public Map<String, String> settings() {
    Map<String, String> settings = new TreeMap<>();
    StreamSupport.stream(config.getPropertyNames().spliterator(), false)
        .filter(name -> PREFIXES.stream().anyMatch(name::startsWith))
        .forEach(
            name ->
                config
                    .getOptionalValue(name, String.class)
                    .ifPresent(value -> settings.put(name, isSecret(name) ? HIDDEN : value)));
    return settings;
  }

  static boolean isSecret(String name) {
    return name.endsWith(".secret") || name.endsWith(".password");
  }
}
