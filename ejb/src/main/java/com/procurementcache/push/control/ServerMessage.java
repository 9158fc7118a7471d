package com.procurementcache.push.control;

import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.refresh.entity.SignificantChange;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** What the server sends on a push socket; each knows its wire form (docs/push.md). */
public sealed interface ServerMessage {

  /** The {@code type} field. */
  String type();

  JsonObject toJson(JsonBuilderFactory json);

  /** The token was accepted; the socket closes at {@code expiresAt}. */
  record Authenticated(String subject, Instant expiresAt) implements ServerMessage {
    @Override
    public String type() {
      return "authenticated";
    }

    @Override
    public JsonObject toJson(JsonBuilderFactory json) {
      return start(json, this)
          .add("subject", subject)
          .add("expiresAt", expiresAt.toString())
          .build();
    }
  }

  /** The subscription holds from {@code version} on; {@code recovered}: the missed ones follow. */
  record Subscribed(UUID organizationId, long version, boolean recovered) implements ServerMessage {
    @Override
    public String type() {
      return "subscribed";
    }

    @Override
    public JsonObject toJson(JsonBuilderFactory json) {
      return start(json, this)
          .add("organizationId", organizationId.toString())
          .add("version", version)
          .add("recovered", recovered)
          .build();
    }
  }

  /**
   * One change of an organization's data. {@code live}: sent as the node applied it, so its lag
   * (commit to sent) is measured; a replayed one is not.
   */
  record Invalidation(Change change, boolean live) implements ServerMessage {
    public Invalidation {
      Objects.requireNonNull(change, "an invalidation is of a change");
    }

    @Override
    public String type() {
      return "cache_invalidation";
    }

    @Override
    public JsonObject toJson(JsonBuilderFactory json) {
      JsonArrayBuilder types = json.createArrayBuilder();
      change.dataTypes().stream().sorted().forEach(t -> types.add(t.slug()));
      JsonArrayBuilder significant = json.createArrayBuilder();
      for (SignificantChange s : change.significantChanges()) {
        JsonObjectBuilder figure = json.createObjectBuilder().add("figure", s.figure());
        number(figure, "previous", s.previous());
        number(figure, "current", s.current());
        number(figure, "changeRatio", s.changeRatio());
        significant.add(figure);
      }
      JsonObjectBuilder body =
          start(json, this)
              .add("organizationId", change.organizationId().toString())
              .add("version", change.version())
              .add("reason", change.reason().wireName())
              .add("dataTypes", types)
              .add("sourceChanged", change.sourceChanged())
              .add("significantChanges", significant);
      text(body, "runId", change.runId());
      text(body, "refreshedAt", change.refreshedAt());
      return body.add("changedAt", change.changedAt().toString()).build();
    }
  }

  /** The refresh as the subscribers of one organization see it; run-wide counts for admins. */
  record Status(RefreshProgress progress, boolean admin) implements ServerMessage {
    @Override
    public String type() {
      return "refresh_status";
    }

    @Override
    public JsonObject toJson(JsonBuilderFactory json) {
      JsonObjectBuilder body =
          start(json, this)
              .add("organizationId", progress.organizationId().toString())
              .add("state", progress.state().wireName())
              .add(
                  "organizationState",
                  progress.organizationState().name().toLowerCase(Locale.ROOT));
      text(body, "runId", progress.runId());
      if (admin) {
        // A viewer learns nothing of the other tenants, not even how many there are.
        body.add("organizationsDone", progress.organizationsDone())
            .add("organizationsTotal", progress.organizationsTotal());
      }
      return body.add("at", progress.at().toString()).build();
    }
  }

  /** Reload everything of the organization; events continue after {@code version}. */
  record Resync(UUID organizationId, long version) implements ServerMessage {
    @Override
    public String type() {
      return "resync";
    }

    @Override
    public JsonObject toJson(JsonBuilderFactory json) {
      return start(json, this)
          .add("organizationId", organizationId.toString())
          .add("version", version)
          .build();
    }
  }

  /** The answer to the client's {@code ping} message. */
  record Pong() implements ServerMessage {
    @Override
    public String type() {
      return "pong";
    }

    @Override
    public JsonObject toJson(JsonBuilderFactory json) {
      return start(json, this).build();
    }
  }

  private static JsonObjectBuilder start(JsonBuilderFactory json, ServerMessage message) {
    return json.createObjectBuilder().add("type", message.type());
  }

  private static void text(JsonObjectBuilder body, String name, Object value) {
    if (value == null) {
      body.addNull(name);
    } else {
      body.add(name, value.toString());
    }
  }

  private static void number(JsonObjectBuilder body, String name, BigDecimal value) {
    if (value == null) {
      body.addNull(name);
    } else {
      body.add(name, value);
    }
  }
}
