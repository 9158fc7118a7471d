package com.procurementcache.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.organization.entity.OrganizationStatus;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import com.procurementcache.schema.entity.StoredName;
import com.procurementcache.webhook.entity.DeliveryStatus;
import com.procurementcache.webhook.entity.WebhookEventType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stored state is written twice, as an enum in Java and as the CHECK constraint of its column
 * in the migrations; this holds each pair together, read from the catalog of one database migrated
 * from scratch. A state added on one side only fails here.
 */
class StatesMatchSchemaIT {

  private static ScratchDatabase database;

  @BeforeAll
  static void migrate() throws SQLException {
    database = ScratchDatabase.createMigrated("pc_it_states");
  }

  @AfterAll
  static void drop() throws SQLException {
    database.close();
  }

  /** Each stored-state enum with the column that stores it. */
  static Stream<Arguments> storedStates() {
    return Stream.of(
        Arguments.of(OrganizationStatus.class, "organizations", "status"),
        Arguments.of(RunStatus.class, "refresh_runs", "status"),
        Arguments.of(RunTrigger.class, "refresh_runs", "trigger"),
        Arguments.of(Outcome.class, "refresh_outcomes", "outcome"),
        Arguments.of(DeliveryStatus.class, "webhook_deliveries", "status"),
        Arguments.of(WebhookEventType.class, "webhook_deliveries", "event_type"),
        Arguments.of(ChangeReason.class, "change_log", "reason"));
  }

  @ParameterizedTest(name = "{0} is exactly what {1}.{2} allows")
  @MethodSource("storedStates")
  void theEnumsNamesAreExactlyTheValuesItsColumnAllows(
      Class<? extends StoredName> type, String table, String column) throws SQLException {
    try (Connection c = database.connect()) {
      assertThat(CheckConstraint.allowedValues(c, table, column))
          .as("CHECK on %s.%s", table, column)
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(type.getEnumConstants()).map(StoredName::wireName).toList());
    }
  }
}
