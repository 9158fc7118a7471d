package com.procurementcache.push.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.refresh.entity.SignificantChange;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {

  private static final UUID ORG = UUID.fromString("3f2b8c1e-5d4a-4e2f-9b7c-1a2b3c4d5e6f");
  private static final UUID RUN = UUID.fromString("a1b2c3d4-0000-4000-8000-000000000001");

  private static JsonObject json(ServerMessage message) {
    return Json.createReader(new StringReader(WireFormat.render(message))).readObject();
  }

  @Test
  void rendersARefreshsInvalidationWithEveryField() {
    Change change =
        new Change(
            ORG,
            42,
            ChangeReason.NIGHTLY_REFRESH,
            Set.of(DataType.SUPPLIER_METRICS, DataType.DASHBOARD_METRICS),
            false,
            List.of(
                new SignificantChange(
                    "total_spend",
                    new BigDecimal("1000.00"),
                    new BigDecimal("1200.50"),
                    new BigDecimal("0.2005"))),
            RUN,
            Instant.parse("2026-03-01T02:00:05Z"),
            Instant.parse("2026-03-01T02:00:06Z"));

    JsonObject json = json(new ServerMessage.Invalidation(change, true));

    assertThat(json.getString("type")).isEqualTo("cache_invalidation");
    assertThat(json.getString("organizationId")).isEqualTo(ORG.toString());
    assertThat(json.getJsonNumber("version").longValue()).isEqualTo(42);
    assertThat(json.getString("reason")).isEqualTo("nightly_refresh");
    assertThat(json.getJsonArray("dataTypes").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly("dashboard-metrics", "supplier-metrics");
    assertThat(json.getBoolean("sourceChanged")).isFalse();
    JsonObject significant = json.getJsonArray("significantChanges").getJsonObject(0);
    assertThat(significant.getString("figure")).isEqualTo("total_spend");
    assertThat(significant.getJsonNumber("previous").bigDecimalValue())
        .isEqualByComparingTo("1000");
    assertThat(significant.getJsonNumber("current").bigDecimalValue())
        .isEqualByComparingTo("1200.5");
    assertThat(significant.getJsonNumber("changeRatio").bigDecimalValue())
        .isEqualByComparingTo("0.2005");
    assertThat(json.getString("runId")).isEqualTo(RUN.toString());
    assertThat(json.getString("refreshedAt")).isEqualTo("2026-03-01T02:00:05Z");
    assertThat(json.getString("changedAt")).isEqualTo("2026-03-01T02:00:06Z");
  }

  @Test
  void anInvalidationWithoutARunHasNullsNotMissingFields() {
    Change change =
        new Change(
            ORG,
            1,
            ChangeReason.DATA_CHANGE,
            Set.of(DataType.SUPPLIERS),
            true,
            List.of(new SignificantChange("spend", null, BigDecimal.ONE, null)),
            null,
            null,
            Instant.parse("2026-03-01T12:00:00Z"));

    JsonObject json = json(new ServerMessage.Invalidation(change, true));

    assertThat(json.isNull("runId")).isTrue();
    assertThat(json.isNull("refreshedAt")).isTrue();
    assertThat(json.getBoolean("sourceChanged")).isTrue();
    assertThat(json.getString("reason")).isEqualTo("data_change");
    assertThat(json.getJsonArray("significantChanges").getJsonObject(0).isNull("previous"))
        .isTrue();
  }

  @Test
  void rendersTheControlMessages() {
    Instant expires = Instant.parse("2026-03-01T11:00:00Z");

    assertThat(json(new ServerMessage.Authenticated("viewer@x", expires)))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("type", "authenticated")
                .add("subject", "viewer@x")
                .add("expiresAt", "2026-03-01T11:00:00Z")
                .build());
    assertThat(json(new ServerMessage.Subscribed(ORG, 7, true)))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("type", "subscribed")
                .add("organizationId", ORG.toString())
                .add("version", 7)
                .add("recovered", true)
                .build());
    assertThat(json(new ServerMessage.Resync(ORG, 9)))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("type", "resync")
                .add("organizationId", ORG.toString())
                .add("version", 9)
                .build());
    assertThat(json(new ServerMessage.Pong()))
        .isEqualTo(Json.createObjectBuilder().add("type", "pong").build());
  }

  @Test
  void rendersARefreshStatusWithoutARun() {
    RefreshProgress none =
        new RefreshProgress(
            ORG,
            RefreshStatus.State.IDLE,
            RefreshProgress.OrganizationState.NONE,
            null,
            0,
            0,
            Instant.parse("2026-03-01T12:00:00Z"));

    JsonObject json = json(new ServerMessage.Status(none, false));

    assertThat(json.getString("state")).isEqualTo("idle");
    assertThat(json.getString("organizationState")).isEqualTo("none");
    assertThat(json.isNull("runId")).isTrue();
    assertThat(json.getString("at")).isEqualTo("2026-03-01T12:00:00Z");
  }

  @Test
  void readsTheClientMessages() throws Exception {
    assertThat(WireFormat.parse("{\"type\":\"auth\",\"token\":\"abc\"}"))
        .isEqualTo(new ClientMessage(ClientMessage.Type.AUTH, "abc", null, null));
    assertThat(
            WireFormat.parse(
                "{\"type\":\"subscribe\",\"organizationId\":\"" + ORG + "\",\"lastVersion\":12}"))
        .isEqualTo(new ClientMessage(ClientMessage.Type.SUBSCRIBE, null, ORG, 12L));
    assertThat(WireFormat.parse("{\"type\":\"subscribe\",\"organizationId\":\"" + ORG + "\"}"))
        .isEqualTo(new ClientMessage(ClientMessage.Type.SUBSCRIBE, null, ORG, null));
    assertThat(
            WireFormat.parse(
                "{\"type\":\"subscribe\",\"organizationId\":\"" + ORG + "\",\"lastVersion\":null}"))
        .isEqualTo(new ClientMessage(ClientMessage.Type.SUBSCRIBE, null, ORG, null));
    assertThat(WireFormat.parse("{\"type\":\"unsubscribe\",\"organizationId\":\"" + ORG + "\"}"))
        .isEqualTo(new ClientMessage(ClientMessage.Type.UNSUBSCRIBE, null, ORG, null));
    assertThat(WireFormat.parse("{\"type\":\"ping\",\"extra\":[1,2]}").type())
        .isEqualTo(ClientMessage.Type.PING);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "\"auth\"",
        "{}",
        "{\"type\":\"hello\"}",
        "{\"type\":\"AUTH\",\"token\":\"abc\"}",
        "{\"type\":\"auth\"}",
        "{\"type\":\"auth\",\"token\":42}",
        "{\"type\":\"subscribe\"}",
        "{\"type\":\"subscribe\",\"organizationId\":\"1-1-1-1-1\"}",
        "{\"type\":\"subscribe\",\"organizationId\":\"3f2b8c1e-5d4a-4e2f-9b7c-1a2b3c4d5e6f\","
            + "\"lastVersion\":-1}",
        "{\"type\":\"subscribe\",\"organizationId\":\"3f2b8c1e-5d4a-4e2f-9b7c-1a2b3c4d5e6f\","
            + "\"lastVersion\":1.5}",
        "{\"type\":\"subscribe\",\"organizationId\":\"3f2b8c1e-5d4a-4e2f-9b7c-1a2b3c4d5e6f\","
            + "\"lastVersion\":\"3\"}",
        "{\"type\":\"subscribe\",\"organizationId\":\"3f2b8c1e-5d4a-4e2f-9b7c-1a2b3c4d5e6f\","
            + "\"lastVersion\":99999999999999999999}",
        "{\"type\":\"unsubscribe\",\"organizationId\":7}"
      })
  void refusesWhatItCannotUnderstand(String text) {
    assertThatThrownBy(() -> WireFormat.parse(text)).isInstanceOf(ClientMessage.Unreadable.class);
  }

  @Test
  void refusesJsonNestedDeeperThanTheParserAllows() {
    String deep = "{\"a\":".repeat(1100) + "1" + "}".repeat(1100);

    assertThatThrownBy(() -> WireFormat.parse(deep)).isInstanceOf(ClientMessage.Unreadable.class);
  }
}
