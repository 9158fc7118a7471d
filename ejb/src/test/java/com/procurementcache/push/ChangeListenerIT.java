package com.procurementcache.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.push.control.ChangeListener;
import com.procurementcache.push.control.ChangeLog;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.schema.ScratchDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listening connection: wake-ups per committed change, and a reconnect after it is killed. */
class ChangeListenerIT {

  private ScratchDatabase db;
  private final Map<UUID, Long> notified = new ConcurrentHashMap<>();
  private final AtomicInteger listening = new AtomicInteger();
  private ChangeListener listener;
  private Thread thread;

  @BeforeEach
  void start() throws SQLException {
    db = ScratchDatabase.createMigrated("pc_it_change_listener");
    listener =
        new ChangeListener(
            db::connect,
            new ChangeListener.Wakeups() {
              @Override
              public void notified(UUID organization, long version) {
                notified.merge(organization, version, Math::max);
              }

              @Override
              public void listening() {
                listening.incrementAndGet();
              }
            },
            Duration.ofMillis(100),
            Duration.ofMillis(400),
            Clock.systemUTC());
    thread = new Thread(listener, "test-change-listener");
    thread.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.state().listening());
  }

  @AfterEach
  void stop() throws Exception {
    listener.stop();
    thread.join(5_000);
    db.close();
  }

  @Test
  void aCommittedChangeWakesTheListenerAndARolledBackOneDoesNot() throws SQLException {
    UUID org = organization();
    await().atMost(Duration.ofSeconds(5)).until(() -> notified.getOrDefault(org, 0L) == 1L);
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      record(c, org);
      c.rollback();
      long v = record(c, org);
      c.commit();
      assertThat(v).isEqualTo(2);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> notified.get(org) == 2L);
  }

  @Test
  void aTerminatedConnectionIsReplacedAndSaysSo() throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name LIKE '"
              + ChangeListener.APPLICATION_NAME
              + "%' AND datname = current_database()");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> listener.state().reconnects() >= 1 && listener.state().listening());
    assertThat(listening.get()).isGreaterThanOrEqualTo(2);
    assertThat(listener.state().lastError()).contains("terminat");
    UUID org = organization();
    await().atMost(Duration.ofSeconds(5)).until(() -> notified.getOrDefault(org, 0L) == 1L);
  }

  private UUID organization() throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement("INSERT INTO organizations (id, name) VALUES (?, 'listened')")) {
      s.setObject(1, id);
      s.executeUpdate();
    }
    return id;
  }

  private static long record(Connection c, UUID org) throws SQLException {
    return ChangeLog.record(
        c, org, ChangeReason.MANUAL, List.of(DataType.SUPPLIERS), List.of(), null, null);
  }
}
