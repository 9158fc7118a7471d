package com.procurementcache.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigurationDocTest {

  @Test
  void everyShippedKeyIsDocumentedWithItsDefault() throws Exception {
    Map<String, String> shipped = ConfigurationFiles.shippedDefaults();
    Map<String, String> documented = ConfigurationFiles.documentedDefaults();

    assertThat(new TreeMap<>(documented)).containsAllEntriesOf(shipped);
  }

  @Test
  void everyDocumentedKeyIsShippedWithThatDefault() throws Exception {
    Map<String, String> shipped = ConfigurationFiles.shippedDefaults();
    Map<String, String> documented = ConfigurationFiles.documentedDefaults();

    documented.forEach(
        (key, value) -> {
          if (ConfigurationFiles.NONE.equals(value)) {
            // No default: the key is either absent or shipped empty.
            assertThat(shipped.getOrDefault(key, ConfigurationFiles.NONE))
                .as("default of %s", key)
                .isEqualTo(ConfigurationFiles.NONE);
          } else {
            assertThat(shipped).as("documented key %s", key).containsEntry(key, value);
          }
        });
  }

  @Test
  void docTablesAreFound() throws Exception {
    // Guards the two tests above against a table format the parser no longer recognises.
    assertThat(ConfigurationFiles.documentedDefaults()).hasSizeGreaterThan(50);
  }
}
