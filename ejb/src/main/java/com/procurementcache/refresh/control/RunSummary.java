package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.webhook.entity.WebhookEventType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/**
 * The run summary the webhook carries: the plan's {@code success}, {@code organizations_updated},
 * {@code start_time}, {@code end_time}, {@code duration_seconds}, plus the run id, trigger, status
 * and a count per outcome.
 */
public final class RunSummary {

  private RunSummary() {}

  /** The webhook event type of a finished run. */
  public static WebhookEventType eventType(RunReport run) {
    return run.succeeded()
        ? WebhookEventType.NIGHTLY_UPDATE_COMPLETE
        : WebhookEventType.NIGHTLY_UPDATE_ERROR;
  }

  public static JsonObject of(RunReport run) {
    JsonObjectBuilder outcomes = Json.createObjectBuilder();
    run.outcomes().forEach(outcomes::add);
    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add("run_id", run.id().toString())
            .add("trigger", run.trigger().wireName())
            .add("status", run.status().wireName())
            .add("success", run.succeeded())
            .add("organizations_updated", run.count(Outcome.REFRESHED))
            .add("organizations_total", run.organizationsTotal())
            .add("start_time", String.valueOf(run.startedAt()))
            .add("end_time", String.valueOf(run.endedAt()))
            .add(
                "duration_seconds", run.duration() == null ? 0 : run.duration().toMillis() / 1000.0)
            .add("outcomes", outcomes);
    if (run.scheduledNight() != null) {
      result.add("night", run.scheduledNight().toString());
    }
    if (run.error() != null) {
      result.add("error", run.error());
    }
    return result.build();
  }

  /** The webhook body: event type, time, and the summary as the plan's {@code result}. */
  public static String body(WebhookEventType type, JsonObject result, Instant now) {
    return Json.createObjectBuilder()
        .add("type", type.wireName())
        .add("timestamp", now.toString())
        .add("result", result)
        .build()
        .toString();
  }
}
