package com.procurementcache.analytics.control;

import com.procurementcache.analytics.entity.DataSnapshot;
import com.procurementcache.analytics.entity.DataType;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads one data type of one organization from PostgreSQL as a {@link DataSnapshot}, in one
 * statement: the JSON is built by PostgreSQL, and the organization's snapshot version and its rows
 * are read in one snapshot, so a value never mixes two refreshes. Nightly types come from the
 * analytics tables of the published snapshot; suppliers and locations from the source tables.
 */
@ApplicationScoped
public class OrganizationDataReader {

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  /** The sortable fields of a type (API names), in their documented order; empty if none. */
  public static List<String> sortableFields(DataType type) {
    return List.copyOf(DataQueries.of(type).sortable().keySet());
  }

  /**
   * The data of {@code type} for {@code organization}; empty if there is no such organization. An
   * organization never refreshed has version 0, no refresh time and no items.
   *
   * @param timeout how long PostgreSQL may run the statement (whole seconds, rounded up): then it
   *     stops it, and this throws an {@link SQLException} of SQLSTATE 57014
   */
  public Optional<DataSnapshot> read(DataType type, UUID organization, Duration timeout)
      throws SQLException {
    return read(type, organization, DataQueries.of(type), null, timeout);
  }

  /**
   * The data of {@code type} for {@code organization} computed now from the source tables, as of
   * {@code asOf}, with the compute functions the refresh writes the analytics tables with (master
   * data: read from its tables, as {@link #read} does); empty if there is no such organization.
   * Nightly data has version 0 (it is no published snapshot) and is produced now.
   */
  public Optional<DataSnapshot> computeFromSource(
      DataType type, UUID organization, LocalDate asOf, Duration timeout) throws SQLException {
    return read(
        type, organization, DataQueries.computed(type), type.nightly() ? asOf : null, timeout);
  }

  private Optional<DataSnapshot> read(
      DataType type, UUID organization, ListingQuery query, LocalDate asOf, Duration timeout)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(query.sql())) {
      // The driver asks PostgreSQL to cancel the statement when it runs longer: the query itself
      // stops (a lock wait, a hung plan), not only this thread's wait for it. Per statement, not
      // pool-wide: the refresh and the migrations use the same pool with limits of their own.
      statement.setQueryTimeout(seconds(timeout));
      statement.setObject(1, organization);
      if (asOf != null) {
        statement.setObject(2, asOf);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return Optional.empty();
        }
        long version = rs.getLong(2);
        Timestamp refreshed = rs.getTimestamp(3);
        Instant refreshedAt = refreshed == null ? null : refreshed.toInstant();
        List<String> items = strings(rs.getArray(4));
        Map<String, int[]> ascending = new LinkedHashMap<>();
        int column = 5;
        for (String field : query.sortable().keySet()) {
          ascending.put(field, order(rs.getArray(column++), items.size()));
        }
        if (!type.nightly()) {
          version = contentVersion(items);
        }
        if (list(type)) {
          return Optional.of(new DataSnapshot(version, refreshedAt, true, items, ascending));
        }
        String single = items.isEmpty() ? null : items.get(0);
        return Optional.of(
            new DataSnapshot(
                version,
                refreshedAt,
                false,
                single == null ? List.of() : List.of(single),
                Map.of()));
      }
    }
  }

  /** JDBC's query timeout is in whole seconds: rounded up, so never 0 (which means none). */
  static int seconds(Duration timeout) {
    long millis = Math.max(1, timeout.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
  }

  /** Whether the API answers this type with a list (else with one object or null). */
  public static boolean list(DataType type) {
    return type != DataType.DASHBOARD_METRICS && type != DataType.EFFICIENCY_METRICS;
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.asList((String[]) array.getArray());
  }

  /** Ranks (1-based, one per item in natural order) → the items' indexes in ascending order. */
  private static int[] order(Array ranks, int size) throws SQLException {
    int[] ascending = new int[size];
    if (ranks == null) {
      return ascending;
    }
    Object[] values = (Object[]) ranks.getArray();
    for (int item = 0; item < values.length; item++) {
      ascending[((Number) values[item]).intValue() - 1] = item;
    }
    return ascending;
  }

  /** Master data has no version of its own: its content decides, so any change changes it. */
  static long contentVersion(List<String> items) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String item : items) {
        digest.update(item.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      byte[] hash = digest.digest();
      long version = 0;
      for (int i = 0; i < 8; i++) {
        version = (version << 8) | (hash[i] & 0xff);
      }
      // positive and never 0, which means "no data yet"
      return (version & Long.MAX_VALUE) | 1;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
