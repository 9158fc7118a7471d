package com.procurementcache.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.schema.CheckConstraint;
import com.procurementcache.schema.ScratchDatabase;
import com.procurementcache.webhook.entity.DeliveryStatus;
import com.procurementcache.webhook.entity.WebhookEventType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook ledger's states in Java and in the schema are the same set: each enum's names are
 * exactly what the CHECK constraint of its column allows, in a database migrated from scratch.
 */
class WebhookStatesIT {

  private static ScratchDatabase database;

  @BeforeAll
  static void migrate() throws SQLException {
    database = ScratchDatabase.createMigrated("pc_it_webhook_states");
  }

  @AfterAll
  static void drop() throws SQLException {
    database.close();
  }

  @Test
  void deliveryStatusesAreTheStatusesTheLedgerAllows() throws SQLException {
    try (Connection c = database.connect()) {
      assertThat(CheckConstraint.allowedValues(c, "webhook_deliveries", "status"))
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::sqlName).toList());
    }
  }

  @Test
  void eventTypesAreTheTypesTheLedgerAllows() throws SQLException {
    try (Connection c = database.connect()) {
      assertThat(CheckConstraint.allowedValues(c, "webhook_deliveries", "event_type"))
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName).toList());
    }
  }

  @Test
  void everyNameReadsBackAsItsState() {
    for (DeliveryStatus status : DeliveryStatus.values()) {
      assertThat(DeliveryStatus.fromSqlName(status.sqlName())).isSameAs(status);
    }
    for (WebhookEventType type : WebhookEventType.values()) {
      assertThat(WebhookEventType.fromWireName(type.wireName())).isSameAs(type);
    }
    assertThatThrownBy(() -> WebhookEventType.fromWireName("nightly_update_completed"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeliveryStatus.fromSqlName("sent"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
