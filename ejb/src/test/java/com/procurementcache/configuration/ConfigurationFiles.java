package com.procurementcache.configuration;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the defaults shipped in the artifacts and the keys documented in docs/configuration.md. */
final class ConfigurationFiles {

  static final String NONE = "(none)";

  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| (?:`([^`]*)`|\\(none\\)) \\|.*\\|\\s*$");

  private ConfigurationFiles() {}

  static Path root() {
    return Path.of(System.getProperty("project.root", ".."));
  }

  /** Every default shipped in the EJB jar, as MicroProfile Config reads them (empty = not set). */
  static Map<String, String> shippedDefaults() throws IOException {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (String module : new String[] {"ejb"}) {
      Properties properties = new Properties();
      Path file =
          root().resolve(module + "/src/main/resources/META-INF/microprofile-config.properties");
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      }
      properties.forEach(
          (k, v) -> defaults.put((String) k, ((String) v).isEmpty() ? NONE : (String) v));
    }
    return defaults;
  }

  /** Every key in the tables of docs/configuration.md with its documented default. */
  static Map<String, String> documentedDefaults() throws IOException {
    Map<String, String> documented = new LinkedHashMap<>();
    for (String line : Files.readAllLines(root().resolve("docs/configuration.md"))) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        documented.put(m.group(1), m.group(2) == null ? NONE : m.group(2));
      }
    }
    return documented;
  }
}
