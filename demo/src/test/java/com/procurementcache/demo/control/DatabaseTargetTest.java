package com.procurementcache.demo.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

  @Test
  void defaultsToTheLocalDatabase() {
    DatabaseTarget target = DatabaseTarget.fromEnvironment(Map.of());

    assertThat(target.url()).isEqualTo(DatabaseTarget.DEFAULT_URL);
    assertThat(target.user()).isEqualTo("postgres");
    assertThat(target.password()).isEmpty();
    assertThat(target.databaseName()).isEqualTo("procurement_cache");
  }

  @Test
  void environmentOverridesEveryPart() {
    DatabaseTarget target =
        DatabaseTarget.fromEnvironment(
            Map.of(
                "DB_URL", "jdbc:postgresql://db.internal:6543/analytics",
                "DB_USER", "app",
                "DB_PASSWORD", "s3cret"));

    assertThat(target.databaseName()).isEqualTo("analytics");
    assertThat(target.hostAndPort()).isEqualTo("db.internal:6543");
    assertThat(target.user()).isEqualTo("app");
    assertThat(target.password()).isEqualTo("s3cret");
  }

  @Test
  void maintenanceDatabaseKeepsServerAndCredentials() {
    DatabaseTarget target =
        new DatabaseTarget("jdbc:postgresql://h:5433/mine", "u", "p").withDatabase("postgres");

    assertThat(target.url()).isEqualTo("jdbc:postgresql://h:5433/postgres");
    assertThat(target.user()).isEqualTo("u");
  }

  @Test
  void urlThatIsNotPostgresIsRefusedWithItsName() {
    assertThatThrownBy(() -> new DatabaseTarget("jdbc:mysql://h/db", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://h/db");
  }
}
