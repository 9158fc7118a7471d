package com.procurementcache.refresh.boundary;

import com.procurementcache.analytics.control.AnalyticsComputation;
import com.procurementcache.refresh.control.NightWatch;
import com.procurementcache.refresh.control.NodeLoadProbe;
import com.procurementcache.refresh.control.OrganizationRefresher;
import com.procurementcache.refresh.control.RefreshEngine;
import com.procurementcache.refresh.control.RefreshSettings;
import com.procurementcache.refresh.control.RunHistory;
import com.procurementcache.refresh.control.RunLease;
import com.procurementcache.refresh.control.RunUnderWay;
import com.procurementcache.refresh.control.Transactions;
import com.procurementcache.refresh.entity.RunTrigger;
import com.procurementcache.traffic.boundary.NodeTraffic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.sql.DataSource;

/**
 * This node's part in the nightly refresh. Its timers fire on every node of the cluster: a calendar
 * timer at the scheduled time, and a watch that also catches a night the calendar timer skipped, a
 * night missed while every node was down, and runs abandoned by a dead node. Who runs is decided in
 * PostgreSQL ({@link NightWatch}, {@link RunLease}); the run itself goes to a managed thread, so
 * timers and API calls return at once.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrationStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefreshNode {

  private static final Logger LOG = Logger.getLogger(RefreshNode.class.getName());
  private static final String NIGHTLY = "nightly-refresh";
  private static final String WATCH = "refresh-watch";
  private static final String MONITOR = "refresh-overdue-monitor";
  static final String MBEAN_NAME = "com.procurementcache:type=NightlyRefresh";

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Resource TimerService timers;

  /** The refresh's own executor: no webhook send or cache recompute waits in front of a run. */
  @Resource(lookup = "concurrent/procurement-cache-refresh")
  ManagedExecutorService executor;

  @Resource ManagedScheduledExecutorService scheduler;

  @Resource SessionContext context;

  @Resource ContextService contextService;

  @Inject RefreshSettings settings;

  @Inject Clock clock;

  @Inject NewTransaction newTransaction;

  @Inject NodeRefreshEvents events;

  @Inject RefreshAudit audit;

  @Inject RefreshMonitor monitor;

  @Inject RefreshCalendar calendar;

  @Inject NodeTraffic traffic;

  private final Map<UUID, RefreshEngine.Execution> executions = new ConcurrentHashMap<>();
  private NightWatch watch;
  private RefreshEngine engine;
  private String node;

  @PostConstruct
  void start() {
    node =
        ManagementFactory.getRuntimeMXBean().getName()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    RunHistory history = new RunHistory(dataSource);
    Transactions transactions = NewTransaction.unwrapping(newTransaction);
    watch = new NightWatch(dataSource, settings, clock, node, transactions, monitor::missed);
    engine =
        new RefreshEngine(
            history,
            new OrganizationRefresher(history, new AnalyticsComputation(), settings, clock),
            transactions,
            new NodeLoadProbe(dataSource, traffic::sample),
            settings,
            clock,
            scheduler,
            events);
    try {
      timers.createCalendarTimer(
          settings.schedule().toScheduleExpression(), new TimerConfig(NIGHTLY, false));
    } catch (IllegalArgumentException e) {
      // The watch still finds every due night, within one watch interval.
      LOG.log(
          Level.WARNING,
          "Schedule {0} has no EJB calendar equivalent ({1}); the watch alone starts the runs",
          new Object[] {settings.schedule(), e.getMessage()});
    }
    long watchMs = settings.watchInterval().toMillis();
    timers.createIntervalTimer(Math.min(watchMs, 5_000), watchMs, new TimerConfig(WATCH, false));
    long monitorMs = settings.monitorInterval().toMillis();
    timers.createIntervalTimer(monitorMs, monitorMs, new TimerConfig(MONITOR, false));
    registerMBean();
    LOG.log(
        Level.INFO,
        "Refresh node {0}: schedule {1}, next run {2}",
        new Object[] {node, settings.schedule(), calendar.nextRefreshAt()});
  }

  @Timeout
  void onTimer(Timer timer) {
    switch (String.valueOf(timer.getInfo())) {
      case NIGHTLY, WATCH -> watch();
      case MONITOR -> monitor.check();
      default -> LOG.log(Level.WARNING, "Unknown timer {0}", timer.getInfo());
    }
  }

  /** Claims the due night or an abandoned run, if any, and runs it. */
  void watch() {
    try {
      NightWatch.Decision decision = watch.checkSchedule();
      if (decision instanceof NightWatch.Claimed claimed) {
        LOG.log(
            Level.INFO,
            "Node {0} runs the {1} refresh of {2}",
            new Object[] {node, claimed.trigger().wireName(), claimed.night()});
        execute(claimed.lease());
      }
      watch.takeOverAbandoned().ifPresent(this::execute);
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Refresh watch failed: {0}", e.getMessage());
    }
  }

  /**
   * Starts a run now, by hand, on this node.
   *
   * @param organizationIds the organizations to refresh; empty for every active one
   * @throws RefreshRequestRefused when an organization does not exist
   * @throws RunUnderWay when a full run is asked for while a full run is under way
   */
  public UUID startRun(
      RunTrigger trigger, String requestedBy, List<UUID> organizationIds, boolean forced) {
    try {
      List<UUID> unknown = unknown(organizationIds);
      if (!unknown.isEmpty()) {
        throw new RefreshRequestRefused("No such organizations: " + unknown);
      }
      RunLease lease =
          RunLease.start(
              dataSource,
              trigger,
              requestedBy,
              forced,
              organizationIds,
              node,
              clock.instant(),
              settings.leaseDuration());
      execute(lease);
      return lease.runId();
    } catch (SQLException e) {
      throw new IllegalStateException("could not start a refresh run: " + e.getMessage(), e);
    }
  }

  public String node() {
    return node;
  }

  private void execute(RunLease lease) {
    RefreshEngine.Execution execution = engine.prepare(lease);
    executions.put(lease.runId(), execution);
    try {
      executor.submit(
          () -> {
            try {
              engine.run(execution);
            } catch (Exception e) {
              LOG.log(Level.SEVERE, "Refresh run " + lease.runId() + " broke off", e);
            } finally {
              executions.remove(lease.runId());
            }
          });
    } catch (RejectedExecutionException e) {
      // Its executor is full or stopping: the run is released for the next watch of any node.
      executions.remove(lease.runId());
      LOG.log(
          Level.WARNING,
          "Refresh run {0} left to the next watch: {1}",
          new Object[] {lease.runId(), e.getMessage()});
      try {
        lease.release(clock.instant());
      } catch (SQLException released) {
        LOG.log(Level.WARNING, "Could not release run {0}", lease.runId());
      }
    }
  }

  private List<UUID> unknown(List<UUID> organizationIds) throws SQLException {
    if (organizationIds.isEmpty()) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT u FROM unnest(?::uuid[]) u WHERE NOT EXISTS"
                    + " (SELECT 1 FROM organizations o WHERE o.id = u) ORDER BY u")) {
      s.setArray(1, c.createArrayOf("uuid", organizationIds.toArray()));
      List<UUID> unknown = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          unknown.add(rs.getObject(1, UUID.class));
        }
      }
      return unknown;
    }
  }

  private void registerMBean() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName(MBEAN_NAME);
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      RefreshNode self = context.getBusinessObject(RefreshNode.class);
      // JMX calls arrive on threads the container does not know: a contextual proxy runs them
      // with this application's class loader and naming context.
      RefreshControlMXBean control =
          contextService.createContextualProxy(
              new RefreshControl(() -> self, () -> audit), RefreshControlMXBean.class);
      server.registerMBean(new StandardMBean(control, RefreshControlMXBean.class, true), name);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Could not register the refresh MBean: {0}", e.getMessage());
    }
  }

  /** Leaves the runs of this node to the others at once rather than after the lease runs out. */
  @PreDestroy
  void stop() {
    executions.values().forEach(RefreshEngine.Execution::halt);
    for (RefreshEngine.Execution execution : executions.values()) {
      try {
        execution.lease().release(clock.instant());
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "Could not release run {0}", execution.lease().runId());
      }
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(MBEAN_NAME));
    } catch (Exception e) {
      LOG.log(Level.FINE, "MBean already gone", e);
    }
  }
}
