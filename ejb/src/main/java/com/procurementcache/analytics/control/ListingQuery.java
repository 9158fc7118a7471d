package com.procurementcache.analytics.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * How one data type's rows of one organization are read: the rows (a {@code FROM … WHERE} clause
 * that names the organization as {@code (SELECT id FROM param)}), each row's JSON, its natural
 * order, and the fields a client may sort by. {@link #sql} turns it into one statement that reads
 * the organization, the version and time of its data and every row in one snapshot.
 *
 * @param from the rows of the organization, from {@code FROM} on
 * @param item the JSON object of one row ({@code jsonb_build_object(…)})
 * @param natural the order of the items when no sort is asked for
 * @param tiebreak what makes every order total (the row's key)
 * @param sortable sort field (API name) → SQL expression, in the order they are documented
 * @param version the data's version ({@code NULL} for master data: the reader hashes the items)
 * @param refreshedAt when the data was produced
 */
public record ListingQuery(
    String from,
    String item,
    String natural,
    String tiebreak,
    Map<String, String> sortable,
    String version,
    String refreshedAt) {

  public ListingQuery {
    Objects.requireNonNull(from);
    Objects.requireNonNull(item);
    Objects.requireNonNull(natural);
    Objects.requireNonNull(tiebreak);
    sortable = new LinkedHashMap<>(sortable);
  }

  /** Nightly data: version and time come from the organization's published snapshot. */
  static ListingQuery nightly(
      String from, String item, String natural, String tiebreak, Map<String, String> sortable) {
    return new ListingQuery(
        from,
        item,
        natural,
        tiebreak,
        sortable,
        "(SELECT version FROM analytics_snapshots WHERE organization_id = (SELECT id FROM param))",
        "(SELECT refreshed_at FROM analytics_snapshots"
            + " WHERE organization_id = (SELECT id FROM param))");
  }

  /**
   * Nightly data computed now from the source tables: no snapshot version (0), produced now. Its
   * {@code from} holds the as-of date as the statement's second parameter.
   */
  static ListingQuery computed(
      String from, String item, String natural, String tiebreak, Map<String, String> sortable) {
    return new ListingQuery(
        from, item, natural, tiebreak, sortable, "CAST(NULL AS bigint)", "statement_timestamp()");
  }

  /**
   * One statement, one parameter (the organization id; a computed query's {@code from} adds the
   * as-of date as the second). Columns: whether the organization exists, version, refreshed at, the
   * items' JSON texts in natural order, then per sortable field each item's rank in ascending order
   * (NULLs first), in the order of {@link #sortable}.
   */
  public String sql() {
    StringJoiner ranks = new StringJoiner("");
    StringJoiner rankArrays = new StringJoiner("");
    int i = 0;
    for (String expression : sortable.values()) {
      ranks.add(
          ", row_number() OVER (ORDER BY "
              + expression
              + " ASC NULLS FIRST, "
              + tiebreak
              + ") AS r"
              + i);
      rankArrays.add(", (SELECT array_agg(r" + i + " ORDER BY ord) FROM rows)");
      i++;
    }
    return "WITH param AS (SELECT CAST(? AS uuid) AS id),"
        + " rows AS (SELECT "
        + item
        + "::text AS item, row_number() OVER (ORDER BY "
        + natural
        + ", "
        + tiebreak
        + ") AS ord"
        + ranks
        + " "
        + from
        + ")"
        + " SELECT EXISTS (SELECT 1 FROM organizations WHERE id = (SELECT id FROM param)), "
        + version
        + ", "
        + refreshedAt
        + ", (SELECT array_agg(item ORDER BY ord) FROM rows)"
        + rankArrays;
  }
}
