package com.procurementcache.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The change log ({@code change_log}, sql/migration/V009) read and trimmed with plain SQL, apart
 * from the code under test: what the push stream must deliver, to compare with what a client got.
 */
public final class ChangeLogRows {

  private ChangeLogRows() {}

  /** What a change-log row and its {@code cache_invalidation} event have in common. */
  public record Row(
      UUID organizationId,
      long version,
      String reason,
      Set<String> dataTypes,
      boolean sourceChanged,
      UUID runId) {

    /** The same fields of a {@code cache_invalidation} event as the client received it. */
    public static Row of(JsonObject event) {
      Set<String> types = new TreeSet<>();
      event
          .getJsonArray("dataTypes")
          .getValuesAs(JsonString.class)
          .forEach(t -> types.add(t.getString()));
      String run = event.isNull("runId") ? null : event.getString("runId");
      return new Row(
          UUID.fromString(event.getString("organizationId")),
          event.getJsonNumber("version").longValue(),
          event.getString("reason"),
          types,
          event.getBoolean("sourceChanged"),
          run == null ? null : UUID.fromString(run));
    }
  }

  /** The rows of {@code organization} after {@code version}, in version order. */
  public static List<Row> after(UUID organization, long version) throws SQLException {
    return query(
        "WHERE organization_id = ? AND version > ? ORDER BY version", organization, version);
  }

  /** The rows a refresh run wrote, by organization and version. */
  public static List<Row> ofRun(UUID run) throws SQLException {
    return query("WHERE run_id = ? ORDER BY organization_id, version", run);
  }

  /** The same fields of {@code cache_invalidation} events, in their order. */
  public static List<Row> rows(List<JsonObject> events) {
    return events.stream().map(Row::of).toList();
  }

  /**
   * Deletes the organization's rows up to and including {@code version}, as the retention clean-up
   * deletes the oldest rows; returns how many.
   */
  public static int forget(UUID organization, long version) throws SQLException {
    return Sql.update(
        "DELETE FROM change_log WHERE organization_id = ? AND version <= ?", organization, version);
  }

  private static List<Row> query(String where, Object... parameters) throws SQLException {
    try (Connection c = TestEnvironment.database().connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT organization_id, version, reason, data_types, source_changed, run_id"
                    + " FROM change_log "
                    + where)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Array types = rs.getArray(4);
          Set<String> dataTypes = new TreeSet<>(List.of((String[]) types.getArray()));
          rows.add(
              new Row(
                  rs.getObject(1, UUID.class),
                  rs.getLong(2),
                  rs.getString(3),
                  dataTypes,
                  rs.getBoolean(5),
                  rs.getObject(6, UUID.class)));
        }
      }
      return rows;
    }
  }
}
