package com.procurementcache.refresh;

import com.procurementcache.analytics.control.AnalyticsComputation;
import com.procurementcache.refresh.control.LoadProbe;
import com.procurementcache.refresh.control.NightWatch;
import com.procurementcache.refresh.control.OrganizationRefresher;
import com.procurementcache.refresh.control.RefreshEngine;
import com.procurementcache.refresh.control.RefreshSchedule;
import com.procurementcache.refresh.control.RefreshSettings;
import com.procurementcache.refresh.control.RunHistory;
import com.procurementcache.refresh.control.RunLease;
import com.procurementcache.refresh.entity.RunReport;
import com.procurementcache.refresh.entity.RunTrigger;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Refresh nodes as the container assembles them, on a scratch database and a simulated clock. */
final class RefreshNodes {

  static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

  private RefreshNodes() {}

  /** The shipped defaults, with short waits so that tests do not sleep long. */
  static RefreshSettings settings() {
    return settings(changes -> {});
  }

  /** The defaults with some changed, e.g. {@code settings(s -> s.maxRetries = 2)}. */
  static RefreshSettings settings(Consumer<Changes> changes) {
    Changes settings = new Changes();
    changes.accept(settings);
    return settings.build();
  }

  /** The settings a test may change; the others are fixed in {@link #build}. */
  static final class Changes {
    int batchSize = 2;
    int maxRetries = 3;
    Duration timeout = Duration.ofMinutes(30);
    Duration minAge = Duration.ofHours(12);
    boolean waitIfHighLoad = true;
    double maxLoad = 0.8;
    double requestRate = 50;
    double safetyFactor = 2;
    Duration margin = Duration.ofMinutes(2);
    Duration catchUpWindow = Duration.ofHours(6);
    Duration leaseDuration = Duration.ofSeconds(30);
    Duration heartbeatInterval = Duration.ofSeconds(10);
    Duration lockTimeout = Duration.ofSeconds(10);
    Duration statementTimeout = Duration.ofMinutes(5);
    Duration retryBackoff = Duration.ofMillis(10);
    BigDecimal anomalyMaxChange = BigDecimal.TEN;

    private RefreshSettings build() {
      return new RefreshSettings(
          new RefreshSchedule("0 2 * * *", COPENHAGEN),
          batchSize,
          maxRetries,
          timeout,
          minAge,
          new RefreshSettings.Deferral(
              waitIfHighLoad, maxLoad, requestRate, Duration.ofMillis(20), safetyFactor, margin),
          new BigDecimal("0.05"),
          Duration.ofHours(25),
          catchUpWindow,
          leaseDuration,
          heartbeatInterval,
          Duration.ofSeconds(15),
          Duration.ofHours(1),
          retryBackoff,
          lockTimeout,
          statementTimeout,
          new RefreshSettings.Validation(true, true, true, true, anomalyMaxChange));
    }
  }

  /** One node: its watch and its engine. */
  static final class Node implements AutoCloseable {
    final String name;
    final RefreshDatabase db;
    final DataSource dataSource;
    final RunHistory history;
    final NightWatch watch;
    final RefreshEngine engine;
    final RecordingEvents events = new RecordingEvents();
    final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    volatile LoadProbe.Load load = LoadProbe.Load.calm();
    volatile NightWatch.MissedNightAlert missedAlert = (c, night, scheduledAt) -> {};

    Node(String name, RefreshDatabase db, RefreshSettings settings, SimulatedClock clock) {
      this(name, db, db.dataSource(), settings, clock);
    }

    /** A node whose every connection comes from {@code dataSource} (over the database's). */
    Node(
        String name,
        RefreshDatabase db,
        DataSource dataSource,
        RefreshSettings settings,
        SimulatedClock clock) {
      this.name = name;
      this.db = db;
      this.dataSource = dataSource;
      this.history = new RunHistory(dataSource);
      JdbcTransactions transactions = new JdbcTransactions(dataSource);
      this.watch =
          new NightWatch(
              dataSource,
              settings,
              clock,
              name,
              transactions,
              (c, night, scheduledAt) -> missedAlert.queue(c, night, scheduledAt));
      this.engine =
          new RefreshEngine(
              history,
              new OrganizationRefresher(history, new AnalyticsComputation(), settings, clock),
              transactions,
              () -> load,
              settings,
              clock,
              heartbeats,
              events);
    }

    /** A run started by hand through the API, leased to this node. */
    RunLease startRun(boolean force, Instant now, Duration leaseDuration) throws SQLException {
      return RunLease.start(
          dataSource, RunTrigger.API, "test", force, List.of(), name, now, leaseDuration);
    }

    /** What the node's timers do: claim a due night and run it, or take over and finish. */
    Optional<RunReport> tick() throws SQLException {
      NightWatch.Decision decision = watch.checkSchedule();
      if (decision instanceof NightWatch.Claimed claimed) {
        return engine.run(engine.prepare(claimed.lease()));
      }
      var taken = watch.takeOverAbandoned();
      if (taken.isPresent()) {
        return engine.run(engine.prepare(taken.get()));
      }
      return Optional.empty();
    }

    @Override
    public void close() {
      heartbeats.shutdownNow();
    }
  }
}
