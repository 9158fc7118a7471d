package com.procurementcache.webhook.boundary;

import com.procurementcache.webhook.control.WebhookDispatcher;
import com.procurementcache.webhook.control.WebhookSettings;
import com.procurementcache.webhook.entity.WebhookQueued;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Sends due webhook deliveries: every {@code webhook.poll-interval} on every node (retries, and
 * messages a stopped node left behind), and at once when a message has been queued on this node.
 * Which node sends which message is decided in PostgreSQL by {@link WebhookDispatcher}'s claim, not
 * here: every node polls.
 *
 * <p>Bean-managed transactions: the dispatcher commits its own short transactions and must not run
 * inside a container transaction. Bean-managed concurrency: rounds may overlap (a timer tick and a
 * fresh message), the claim keeps them apart.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrationStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class WebhookDeliveryTimer {

  private static final Logger LOG = Logger.getLogger(WebhookDeliveryTimer.class.getName());

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  /** The sends' own executor: a hung receiver holds up webhook sends only, never a refresh. */
  @Resource(lookup = "concurrent/procurement-cache-webhooks")
  ManagedExecutorService executor;

  @Resource TimerService timerService;

  @Inject Config config;

  @Inject Clock clock;

  private WebhookDispatcher dispatcher;

  @PostConstruct
  void start() {
    WebhookSettings settings = WebhookSettings.from(config);
    dispatcher =
        new WebhookDispatcher(dataSource, clock, WebhookDispatcher.httpClient(settings), settings);
    long interval = settings.pollInterval().toMillis();
    // Not persistent: every node polls on its own; persistent timers would fire on one node only.
    timerService.createIntervalTimer(
        interval, interval, new TimerConfig("webhook-delivery", false));
    LOG.log(Level.INFO, "Webhook delivery: {0}", settings);
    if (settings.url().isPresent() && settings.secret().isEmpty()) {
      LOG.warning("webhook.secret is not set: webhooks are sent without a webhook-signature");
    }
  }

  @Timeout
  void poll() {
    deliverDue();
  }

  /** Sends a message just committed without waiting for the next poll, on a managed thread. */
  public void sendSoon(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookQueued queued) {
    try {
      executor.execute(this::deliverDue);
    } catch (RejectedExecutionException e) {
      // Stopping: the message stays pending for the next poll of any node.
      LOG.log(Level.FINE, "Webhook {0} left for the next poll", queued.deliveryId());
    }
  }

  private void deliverDue() {
    try {
      dispatcher.deliverDue();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Webhook delivery round failed, next poll retries: {0}", e.toString());
    }
  }
}
