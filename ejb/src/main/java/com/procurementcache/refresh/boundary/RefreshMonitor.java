package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.control.RefreshSettings;
import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.refresh.control.RunSummary;
import com.procurementcache.webhook.boundary.WebhookNotifier;
import com.procurementcache.webhook.entity.WebhookEventType;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The overdue monitor (the plan's hourly cache-monitor): when the last completed refresh is older
 * than {@code refresh.staleness-limit}, it logs an alert and sends a {@code nightly_update_overdue}
 * webhook; a night recorded as missed sends {@code nightly_update_missed}.
 */
@ApplicationScoped
public class RefreshMonitor {

  private static final Logger LOG = Logger.getLogger(RefreshMonitor.class.getName());
  static final WebhookEventType OVERDUE = WebhookEventType.NIGHTLY_UPDATE_OVERDUE;
  static final WebhookEventType MISSED = WebhookEventType.NIGHTLY_UPDATE_MISSED;

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Inject RefreshSettings settings;

  @Inject RefreshAudit audit;

  @Inject WebhookNotifier webhooks;

  @Inject Clock clock;

  /** Runs on every node each interval; every node logs, one alert per interval is sent. */
  public void check() {
    try {
      RefreshStatus status = audit.status();
      if (!status.overdue()
          || status.state() == RefreshStatus.State.UPDATING && status.lastSuccess() == null) {
        return;
      }
      LOG.log(
          Level.SEVERE,
          "ALERT nightly refresh overdue: last success {0} ({1} h ago), state {2}",
          new Object[] {
            status.lastSuccess(), status.hoursSinceLastSuccess(), status.state().wireName()
          });
      JsonObjectBuilder data =
          Json.createObjectBuilder()
              .add("state", status.state().wireName())
              .add("last_success", String.valueOf(status.lastSuccess()))
              .add("next_scheduled", status.nextScheduled().toString());
      if (status.hoursSinceLastSuccess() != null) {
        data.add("hours_since_last_success", status.hoursSinceLastSuccess());
      }
      if (!alertedRecently()) {
        webhooks.notify(OVERDUE, null, RunSummary.body(OVERDUE, data.build(), clock.instant()));
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Overdue monitor could not check: {0}", e.getMessage());
    }
  }

  /**
   * Whether a node sent the overdue alert within the last interval: every node checks, but the
   * receiver should get about one alert per interval, not one per node.
   */
  private boolean alertedRecently() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT 1 FROM webhook_deliveries WHERE event_type = ? AND created_at > ?")) {
      s.setString(1, OVERDUE.wireName());
      s.setTimestamp(
          2, Timestamp.from(clock.instant().minus(settings.monitorInterval()).plusSeconds(60)));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * A night nobody ran within the catch-up window: queues its alert in the transaction that records
   * the night as missed (exactly one node does), so that the alert is kept if and only if the
   * record is.
   */
  public void missed(Connection connection, LocalDate night, Instant scheduledAt) {
    LOG.log(
        Level.SEVERE,
        "ALERT nightly refresh of {0} missed (due {1})",
        new Object[] {night, scheduledAt});
    webhooks.notifyWithin(
        connection,
        MISSED,
        null,
        RunSummary.body(
            MISSED,
            Json.createObjectBuilder()
                .add("night", night.toString())
                .add("scheduled_at", scheduledAt.toString())
                .build(),
            clock.instant()));
  }
}
