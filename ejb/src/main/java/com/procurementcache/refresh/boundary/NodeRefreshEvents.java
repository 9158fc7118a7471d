package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.control.RefreshEvents;
import com.procurementcache.refresh.control.RunSummary;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.OrganizationRefreshed;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.webhook.boundary.WebhookNotifier;
import com.procurementcache.webhook.entity.WebhookEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;

/**
 * What a run tells the node: each published organization as a CDI event (fired inside its
 * transaction, so {@code AFTER_SUCCESS} observers see only commits), outcomes and runs as metrics,
 * and each finished run as a webhook queued in the transaction that ends the run.
 */
@ApplicationScoped
public class NodeRefreshEvents implements RefreshEvents {

  @Inject Event<OrganizationRefreshed> refreshed;

  @Inject RefreshMetrics metrics;

  @Inject WebhookNotifier webhooks;

  @Inject Clock clock;

  @Override
  public void published(OrganizationRefreshed event) {
    refreshed.fire(event);
  }

  @Override
  public void organizationFinished(OrganizationOutcome outcome) {
    metrics.organizationFinished(outcome);
  }

  @Override
  public void ending(Connection connection, RunReport report, List<OrganizationOutcome> outcomes) {
    WebhookEventType type = RunSummary.eventType(report);
    webhooks.notifyWithin(
        connection,
        type,
        report.id(),
        RunSummary.body(type, RunSummary.of(report, outcomes), clock.instant()));
  }

  @Override
  public void runFinished(RunReport report) {
    metrics.runFinished(report);
  }
}
