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
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * What a run tells the node: each published organization as a CDI event (fired inside its
 * transaction, so {@code AFTER_SUCCESS} observers see only commits), outcomes and runs as metrics,
 * and each finished run as a webhook.
 */
@ApplicationScoped
public class NodeRefreshEvents implements RefreshEvents {

  private static final Logger LOG = Logger.getLogger(NodeRefreshEvents.class.getName());

  @Inject Event<OrganizationRefreshed> refreshed;

  @Inject RefreshMetrics metrics;

  @Inject WebhookNotifier webhooks;

  @Inject RefreshAudit audit;

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
  public void runFinished(RunReport report) {
    metrics.runFinished(report);
    WebhookEventType type = RunSummary.eventType(report);
    webhooks.notify(
        type,
        report.id(),
        RunSummary.body(type, RunSummary.of(report, outcomes(report)), clock.instant()));
  }

  /** Every outcome of the run, also those of a node that worked on it before this one. */
  private List<OrganizationOutcome> outcomes(RunReport report) {
    try {
      return audit.outcomes(report.id());
    } catch (SQLException e) {
      // The ledger is in the same database: its insert would fail too.
      throw new IllegalStateException(
          "run summary of " + report.id() + " not queued: outcomes unreadable", e);
    }
  }
}
