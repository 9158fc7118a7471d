package com.procurementcache.analytics.entity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The data of one type of one organization as PostgreSQL produced it, read in one snapshot: its
 * items' JSON texts in their natural order and, for each sortable field, the items' ascending
 * order. What the analytics room hands out; the cache keeps it as it is.
 *
 * @param version the snapshot version (nightly data) or a content hash (master data); {@code 0}
 *     when the organization has no nightly data yet
 * @param refreshedAt when the data was produced; null when there is none yet
 * @param list whether the API answers the type with a list (else at most one JSON value)
 * @param items the JSON text of each item
 * @param ascending per sortable field, the indexes of {@code items} in ascending order
 */
public record DataSnapshot(
    long version,
    Instant refreshedAt,
    boolean list,
    List<String> items,
    Map<String, int[]> ascending) {

  public DataSnapshot {
    items = List.copyOf(items);
    ascending = Map.copyOf(ascending);
    if (!list && items.size() > 1) {
      throw new IllegalArgumentException("a single value has at most one item");
    }
  }
}
