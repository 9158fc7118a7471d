package com.procurementcache.refresh;

import com.procurementcache.schema.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A scratch database with the generator's small data set (5 organizations, 4 active), and the
 * questions the refresh tests ask it; dropped on close.
 */
final class RefreshDatabase implements AutoCloseable {

  private final ScratchDatabase database;
  private final DataSource dataSource;

  private RefreshDatabase(ScratchDatabase database) {
    this.database = database;
    this.dataSource = database.dataSource();
  }

  static RefreshDatabase create() throws SQLException {
    return new RefreshDatabase(
        ScratchDatabase.createGenerated("pc_it_refresh", LocalDate.of(2026, 6, 30)));
  }

  DataSource dataSource() {
    return dataSource;
  }

  List<UUID> activeOrganizations() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id FROM organizations WHERE status = 'active' ORDER BY id")) {
      List<UUID> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
      return ids;
    }
  }

  long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    database.close();
  }
}
