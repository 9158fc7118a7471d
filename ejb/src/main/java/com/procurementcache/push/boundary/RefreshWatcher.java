package com.procurementcache.push.boundary;

import com.procurementcache.push.control.PushSettings;
import com.procurementcache.push.control.RefreshProgressQuery;
import com.procurementcache.push.control.RefreshWatch;
import com.procurementcache.push.control.Subscriber;
import com.procurementcache.push.control.Subscriptions;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.refresh.control.RunHistory;
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
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * This node's watch on the refresh for its WebSocket subscribers ({@code refresh_status}). Every
 * {@code push.poll-interval} it reads, from PostgreSQL, the run shown and the places in it of the
 * organizations subscribed on this node — two queries however many subscribers — so that every node
 * sees every run whichever node runs it, and tells each organization's subscribers when its view
 * changed ({@link RefreshWatch}).
 *
 * <p>The timer is not persistent: it fires on every node. Bean-managed concurrency: {@link
 * #current} answers while a tick reads.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrationStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefreshWatcher {

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Resource TimerService timers;

  @Inject PushSettings settings;

  @Inject Subscriptions subscriptions;

  @Inject Clock clock;

  private RefreshWatch watch;

  @PostConstruct
  void start() {
    watch =
        new RefreshWatch(
            new RefreshProgressQuery(new RunHistory(dataSource)), subscriptions, clock);
    long interval = settings.pollInterval().toMillis();
    timers.createIntervalTimer(interval, interval, new TimerConfig("refresh-status-watch", false));
  }

  @Timeout
  void onTimer() {
    watch.tick();
  }

  /**
   * The refresh as {@code organization}'s subscribers see it now: what the subscribe flow sends
   * right after {@code subscribed}. Call it after adding the subscriber to {@link Subscriptions}:
   * from then on every change reaches it through {@link Subscriber#refreshStatus}.
   *
   * @throws IllegalStateException when PostgreSQL cannot be read; unless someone else on this node
   *     follows the organization, the next tick then sends the subscriber its state
   */
  public RefreshProgress current(UUID organization) {
    try {
      return watch.current(organization);
    } catch (SQLException e) {
      throw new IllegalStateException("refresh status of " + organization + " unreadable", e);
    }
  }
}
