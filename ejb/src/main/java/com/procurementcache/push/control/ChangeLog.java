package com.procurementcache.push.control;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.refresh.entity.SignificantChange;
import com.procurementcache.schema.entity.StoredName;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The change log ({@code change_log}, {@code sql/migration/V009__change_log.sql}) over JDBC: append
 * a change in the caller's transaction, read an organization's changes after a version, the latest
 * version of every organization, and forget rows past the retention.
 */
public final class ChangeLog {

  private static final String COLUMNS =
      "organization_id, version, reason, data_types, source_changed, significant_changes::text,"
          + " run_id, refreshed_at, changed_at";

  private ChangeLog() {}

  /**
   * Appends the organization's next change in {@code c}'s transaction and returns its version; the
   * version is assigned under the organization's row of {@code cache_invalidation_log}, which stays
   * locked until the transaction ends. 0 when the organization does not exist.
   */
  public static long record(
      Connection c,
      UUID organization,
      ChangeReason reason,
      Collection<DataType> types,
      List<SignificantChange> changes,
      UUID runId,
      Instant refreshedAt)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT change_log_record(?, ?, ?, false, ?::jsonb, ?, ?)")) {
      s.setObject(1, organization);
      s.setString(2, reason.wireName());
      s.setArray(3, c.createArrayOf("text", types.stream().map(DataType::slug).toArray()));
      s.setString(4, SignificantChange.toJson(changes));
      s.setObject(5, runId);
      if (refreshedAt == null) {
        s.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        s.setTimestamp(6, Timestamp.from(refreshedAt));
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * {@link #record(Connection, UUID, ChangeReason, Collection, List, UUID, Instant)} for a writer
   * that holds a JPA persistence context: the change joins its transaction.
   */
  public static long record(
      EntityManager em, UUID organization, ChangeReason reason, Collection<DataType> types) {
    Object version =
        em.createNativeQuery(
                "SELECT change_log_record(CAST(?1 AS uuid), ?2, CAST(?3 AS text[]), false,"
                    + " CAST('[]' AS jsonb), NULL, NULL)")
            .setParameter(1, organization.toString())
            .setParameter(2, reason.wireName())
            .setParameter(
                3, types.stream().map(DataType::slug).collect(Collectors.joining(",", "{", "}")))
            .getSingleResult();
    return version == null ? 0 : ((Number) version).longValue();
  }

  /**
   * The changes of {@code organization} with versions in ({@code after}, {@code upTo}], in order.
   */
  public static List<Change> between(Connection c, UUID organization, long after, long upTo)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM change_log WHERE organization_id = ? AND version > ? AND version <= ?"
                + " ORDER BY version")) {
      s.setObject(1, organization);
      s.setLong(2, after);
      s.setLong(3, upTo);
      List<Change> found = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(change(rs));
        }
      }
      return found;
    }
  }

  /** Every organization's latest version ({@code cache_invalidation_log.version}). */
  public static Map<UUID, Long> heads(Connection c) throws SQLException {
    Map<UUID, Long> heads = new HashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT organization_id, version FROM cache_invalidation_log WHERE version > 0");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        heads.put(rs.getObject(1, UUID.class), rs.getLong(2));
      }
    }
    return heads;
  }

  /**
   * Per organization and data type, the latest retained version that made the type old: what a
   * starting node must know so that values cached before its start are judged correctly.
   */
  public static Map<UUID, Map<DataType, Long>> latestByType(Connection c) throws SQLException {
    Map<UUID, Map<DataType, Long>> latest = new HashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT organization_id, t, max(version) FROM change_log, unnest(data_types) t"
                    + " GROUP BY organization_id, t");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        UUID organization = rs.getObject(1, UUID.class);
        long version = rs.getLong(3);
        DataType.fromSlug(rs.getString(2))
            .ifPresent(
                t -> latest.computeIfAbsent(organization, o -> new HashMap<>()).put(t, version));
      }
    }
    return latest;
  }

  /** Deletes the rows written before {@code before}; returns how many. */
  public static int forgetBefore(Connection c, Instant before) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM change_log WHERE changed_at < ?")) {
      s.setTimestamp(1, Timestamp.from(before));
      return s.executeUpdate();
    }
  }

  private static Change change(ResultSet rs) throws SQLException {
    Set<DataType> types = EnumSet.noneOf(DataType.class);
    Array array = rs.getArray(4);
    for (Object slug : (Object[]) array.getArray()) {
      DataType.fromSlug(slug.toString()).ifPresent(types::add);
    }
    Timestamp refreshed = rs.getTimestamp(8);
    List<SignificantChange> changes = SignificantChange.fromJson(rs.getString(6));
    return new Change(
        rs.getObject(1, UUID.class),
        rs.getLong(2),
        StoredName.fromWire(ChangeReason.class, rs.getString(3)),
        types,
        rs.getBoolean(5),
        changes,
        rs.getObject(7, UUID.class),
        refreshed == null ? null : refreshed.toInstant(),
        rs.getTimestamp(9).toInstant());
  }
}
