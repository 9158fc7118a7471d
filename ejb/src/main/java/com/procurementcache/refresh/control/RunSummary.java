package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.webhook.entity.WebhookEventType;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;

/**
 * The run summary the webhook carries: the plan's {@code success}, {@code organizations_updated},
 * {@code start_time}, {@code end_time}, {@code duration_seconds}, plus the run id, trigger, status,
 * a count per outcome and, for the plan's "notify users of significant changes", each
 * organization's significant changes (docs/operations.md, "What a receiver gets").
 */
public final class RunSummary {

  private RunSummary() {}

  /** The webhook event type of a finished run. */
  public static WebhookEventType eventType(RunReport run) {
    return run.succeeded()
        ? WebhookEventType.NIGHTLY_UPDATE_COMPLETE
        : WebhookEventType.NIGHTLY_UPDATE_ERROR;
  }

  /**
   * The summary of {@code run}; {@code outcomes} are its organizations' outcomes (all of them, from
   * whichever node did them), whose significant changes it carries.
   */
  public static JsonObject of(RunReport run, List<OrganizationOutcome> outcomes) {
    JsonObjectBuilder counts = Json.createObjectBuilder();
    run.outcomes().forEach(counts::add);
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
            .add("outcomes", counts)
            .add("significant_changes", significantChanges(outcomes));
    if (run.scheduledNight() != null) {
      result.add("night", run.scheduledNight().toString());
    }
    if (run.error() != null) {
      result.add("error", run.error());
    }
    return result.build();
  }

  /**
   * One entry per organization whose figures moved by more than the change threshold, in the order
   * the organizations ended: its id and its changes. Only published figures have changes: an
   * organization that failed, was skipped or timed out has none.
   */
  private static JsonArrayBuilder significantChanges(List<OrganizationOutcome> outcomes) {
    JsonArrayBuilder organizations = Json.createArrayBuilder();
    for (OrganizationOutcome o : outcomes) {
      JsonArray changes = o.significantChangesJson();
      if (!changes.isEmpty()) {
        organizations.add(
            Json.createObjectBuilder()
                .add("organization_id", o.organizationId().toString())
                .add("changes", changes));
      }
    }
    return organizations;
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
