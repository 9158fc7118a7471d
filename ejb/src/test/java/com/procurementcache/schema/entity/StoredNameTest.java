package com.procurementcache.schema.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.organization.entity.OrganizationStatus;
import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import com.procurementcache.webhook.entity.DeliveryStatus;
import com.procurementcache.webhook.entity.WebhookEventType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredNameTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        OrganizationStatus.class,
        RunStatus.class,
        RunTrigger.class,
        Outcome.class,
        RefreshStatus.State.class,
        DeliveryStatus.class,
        WebhookEventType.class
      })
  <E extends Enum<E> & StoredName> void everyWireNameReadsBackAsItsConstant(Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      assertThat(StoredName.fromWire(type, constant.wireName())).isSameAs(constant);
    }
  }

  @Test
  void anUnknownNameIsRefusedNamingTheTypeAndTheValue() {
    assertThatThrownBy(() -> StoredName.fromWire(DeliveryStatus.class, "sent"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DeliveryStatus")
        .hasMessageContaining("'sent'");
    assertThatThrownBy(
            () -> StoredName.fromWire(WebhookEventType.class, "nightly_update_completed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WebhookEventType");
  }

  @Test
  void theConstantNameIsNotAWireName() {
    assertThatThrownBy(() -> StoredName.fromWire(RunStatus.class, "COMPLETED_WITH_ERRORS"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonWritesAndReadsTheWireName() {
    RunStatus.Json json = new RunStatus.Json();
    assertThat(json.adaptToJson(RunStatus.COMPLETED_WITH_ERRORS))
        .isEqualTo("completed-with-errors");
    assertThat(json.adaptFromJson("timed-out")).isSameAs(RunStatus.TIMED_OUT);
    assertThat(new RefreshStatus.State.Json().adaptToJson(RefreshStatus.State.UPDATING))
        .isEqualTo("updating");
  }

  @Test
  void theWireNamesStayAsTheSchemaAndTheApiKnowThem() {
    assertThat(List.of(RunTrigger.values()).stream().map(StoredName::wireName))
        .containsExactly("schedule", "catch-up", "api", "jmx");
    assertThat(List.of(RefreshStatus.State.values()).stream().map(StoredName::wireName))
        .containsExactly("idle", "updating", "completed", "error");
    assertThat(DeliveryStatus.PENDING.sqlLiteral()).isEqualTo("'pending'");
    assertThat(WebhookEventType.NIGHTLY_UPDATE_MISSED).hasToString("nightly_update_missed");
  }
}
