package com.procurementcache.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.push.control.ChangeLog;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.refresh.entity.SignificantChange;
import com.procurementcache.schema.ScratchDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The change log in PostgreSQL: versions without gaps, one data_change per transaction. */
class ChangeLogIT {

  private static ScratchDatabase db;

  @BeforeAll
  static void migrate() throws SQLException {
    db = ScratchDatabase.createMigrated("pc_it_change_log");
  }

  @AfterAll
  static void drop() throws SQLException {
    db.close();
  }

  @Test
  void concurrentWritersGetEveryVersionOnceAndCommitThemInOrder() throws Exception {
    UUID org = organization("concurrent");
    long base; // creating the organization was its first change
    try (Connection c = db.connect()) {
      base = ChangeLog.heads(c).get(org);
    }
    try (Connection listening = db.connect()) {
      try (Statement s = listening.createStatement()) {
        s.execute("LISTEN change_log");
      }
      int writers = 6;
      int each = 20;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        results.add(
            pool.submit(
                () -> {
                  List<Long> mine = new ArrayList<>();
                  try (Connection c = db.connect()) {
                    c.setAutoCommit(false);
                    for (int i = 0; i < each; i++) {
                      mine.add(
                          ChangeLog.record(
                              c,
                              org,
                              ChangeReason.MANUAL,
                              List.of(DataType.SUPPLIERS),
                              List.of(),
                              null,
                              null));
                      c.commit();
                    }
                  }
                  return mine;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : results) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      pool.shutdown();
      List<Long> expected =
          LongStream.rangeClosed(base + 1, base + writers * each).boxed().toList();
      assertThat(all).containsExactlyInAnyOrderElementsOf(expected);

      // Notifications arrive in commit order: for one organization that is version order.
      List<Long> notified = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (notified.size() < expected.size() && System.nanoTime() < end) {
        PGNotification[] ns = listening.unwrap(PGConnection.class).getNotifications(200);
        for (PGNotification n : ns == null ? new PGNotification[0] : ns) {
          String[] parts = n.getParameter().split(" ");
          if (parts[0].equals(org.toString())) {
            notified.add(Long.parseLong(parts[1]));
          }
        }
      }
      assertThat(notified).containsExactlyElementsOf(expected);
      try (Connection c = db.connect()) {
        assertThat(ChangeLog.between(c, org, base, Long.MAX_VALUE))
            .extracting(Change::version)
            .containsExactlyElementsOf(expected);
        assertThat(ChangeLog.heads(c)).containsEntry(org, base + writers * each);
      }
    }
  }

  @Test
  void aWriteByAnotherSystemIsOneDataChangePerOrganizationAndTransaction() throws SQLException {
    UUID a = organization("writer a");
    UUID b = organization("writer b");
    try (Connection c = db.connect()) {
      long before = ChangeLog.heads(c).get(a);
      c.setAutoCommit(false);
      insertSupplier(c, a, "first");
      insertSupplier(c, a, "second");
      insertSupplier(c, b, "third");
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE suppliers SET email = 'x@example.com' WHERE organization_id IN ('"
                + a
                + "','"
                + b
                + "')");
      }
      c.commit();
      c.setAutoCommit(true);

      List<Change> changes = ChangeLog.between(c, a, before, Long.MAX_VALUE);
      assertThat(changes).hasSize(1);
      Change change = changes.get(0);
      assertThat(change.version()).isEqualTo(before + 1);
      assertThat(change.reason()).isEqualTo(ChangeReason.DATA_CHANGE);
      assertThat(change.sourceChanged()).isTrue();
      assertThat(change.dataTypes())
          .containsExactlyInAnyOrder(DataType.SUPPLIERS, DataType.LOCATIONS);
      assertThat(ChangeLog.between(c, b, 1, Long.MAX_VALUE)).hasSize(1);

      // The next transaction is a change of its own.
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE suppliers SET name = 'renamed' WHERE organization_id = '" + a + "'");
      }
      assertThat(ChangeLog.heads(c)).containsEntry(a, before + 2);
    }
  }

  @Test
  void aRefreshChangeKeepsItsSignificantChangesAndRun() throws SQLException {
    UUID org = organization("refreshed");
    Instant refreshedAt = Instant.parse("2026-11-30T01:00:00Z");
    List<SignificantChange> moved =
        List.of(
            new SignificantChange(
                "total_spend",
                new BigDecimal("100.00"),
                new BigDecimal("120.00"),
                new BigDecimal("0.2")));
    try (Connection c = db.connect()) {
      UUID run = run(c);
      long v =
          ChangeLog.record(
              c,
              org,
              ChangeReason.NIGHTLY_REFRESH,
              DataType.nightlyTypes(),
              moved,
              run,
              refreshedAt);
      Change change = ChangeLog.between(c, org, v - 1, v).get(0);
      assertThat(change.significantChanges()).isEqualTo(moved);
      assertThat(change.runId()).isEqualTo(run);
      assertThat(change.refreshedAt()).isEqualTo(refreshedAt);
      assertThat(change.dataTypes()).isEqualTo(Set.copyOf(DataType.nightlyTypes()));
      Map<DataType, Long> latest = ChangeLog.latestByType(c).get(org);
      assertThat(latest)
          .containsEntry(DataType.DASHBOARD_METRICS, v)
          .containsEntry(DataType.SUPPLIERS, v - 1);
    }
  }

  @Test
  void anUnknownOrDeletedOrganizationWritesNothing() throws SQLException {
    UUID org = organization("deleted");
    try (Connection c = db.connect()) {
      assertThat(
              ChangeLog.record(
                  c, UUID.randomUUID(), ChangeReason.MANUAL, List.of(), List.of(), null, null))
          .isZero();
      insertSupplier(c, org, "cascaded");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM organizations WHERE id = '" + org + "'");
      }
      assertThat(ChangeLog.heads(c)).doesNotContainKey(org);
      assertThat(ChangeLog.between(c, org, 0, Long.MAX_VALUE)).isEmpty();
    }
  }

  @Test
  void rowsPastTheRetentionAreForgotten() throws SQLException {
    UUID org = organization("old");
    try (Connection c = db.connect()) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE change_log SET changed_at = now() - interval '10 days' WHERE organization_id = '"
                + org
                + "'");
      }
      ChangeLog.record(
          c, org, ChangeReason.MANUAL, List.of(DataType.LOCATIONS), List.of(), null, null);
      assertThat(ChangeLog.forgetBefore(c, Instant.now().minusSeconds(86_400))).isPositive();
      assertThat(ChangeLog.between(c, org, 0, Long.MAX_VALUE))
          .extracting(Change::version)
          .containsExactly(2L);
      assertThat(ChangeLog.heads(c)).containsEntry(org, 2L);
    }
  }

  private static UUID organization(String name) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement("INSERT INTO organizations (id, name) VALUES (?, ?)")) {
      s.setObject(1, id);
      s.setString(2, name);
      s.executeUpdate();
    }
    return id;
  }

  private static void insertSupplier(Connection c, UUID org, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO suppliers (id, organization_id, name) VALUES (?, ?, ?)")) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, org);
      s.setString(3, name);
      s.executeUpdate();
    }
  }

  private static UUID run(Connection c) throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO refresh_runs (id, trigger, status, started_at) VALUES (?, 'api', 'running', now())")) {
      s.setObject(1, id);
      s.executeUpdate();
    }
    return id;
  }
}
