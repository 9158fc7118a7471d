package com.procurementcache.cache.entity;

import com.procurementcache.analytics.entity.DataSnapshot;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One cached answer: the data of one data type of one organization (or one user's preferences),
 * already serialized as JSON, with the version and time of the data it was computed from.
 *
 * <p>A list is kept as its items' JSON texts in their natural order plus, for each sortable field,
 * the items' ascending order, so that a page in any allowed order is cut without parsing or sorting
 * on the request path.
 *
 * @param version the snapshot version (nightly data), a content hash (master data) or the row
 *     version (preferences); {@code 0} when the organization has no data yet
 * @param refreshedAt when the data was produced; null when there is none yet
 * @param computedAt when this value was read from PostgreSQL
 * @param list whether the data is a list (else {@code items} holds at most one JSON value)
 * @param items the JSON text of each item
 * @param ascending per sortable field, the indexes of {@code items} in ascending order
 * @param revalidationFailedAt when recomputing this stale value last failed; null if it did not
 * @param changeVersion the organization's change version (docs/push.md) this node had applied for
 *     the type when the value was computed: a value below the version the node knows now predates a
 *     change and is not served
 */
public record CachedValue(
    long version,
    Instant refreshedAt,
    Instant computedAt,
    boolean list,
    List<String> items,
    Map<String, int[]> ascending,
    Instant revalidationFailedAt,
    long changeVersion)
    implements Serializable {

  public CachedValue {
    Objects.requireNonNull(computedAt, "a cached value says when it was computed");
    items = List.copyOf(items);
    ascending = Map.copyOf(ascending);
    if (!list && items.size() > 1) {
      throw new IllegalArgumentException("a single value has at most one item");
    }
  }

  /** The data the analytics room read, as cached at {@code computedAt}. */
  public static CachedValue of(DataSnapshot data, Instant computedAt) {
    return new CachedValue(
        data.version(),
        data.refreshedAt(),
        computedAt,
        data.list(),
        data.items(),
        data.ascending(),
        null,
        0);
  }

  public static CachedValue single(
      long version, Instant refreshedAt, Instant computedAt, String json) {
    return new CachedValue(
        version,
        refreshedAt,
        computedAt,
        false,
        json == null ? List.of() : List.of(json),
        Map.of(),
        null,
        0);
  }

  public static CachedValue listOf(
      long version,
      Instant refreshedAt,
      Instant computedAt,
      List<String> items,
      Map<String, int[]> ascending) {
    return new CachedValue(version, refreshedAt, computedAt, true, items, ascending, null, 0);
  }

  /** The same value, marked as one whose recomputation failed at {@code when}. */
  public CachedValue revalidationFailed(Instant when) {
    return new CachedValue(
        version, refreshedAt, computedAt, list, items, ascending, when, changeVersion);
  }

  /** The same value, computed when the node knew change version {@code known}. */
  public CachedValue atChangeVersion(long known) {
    return new CachedValue(
        version, refreshedAt, computedAt, list, items, ascending, revalidationFailedAt, known);
  }

  public Optional<Instant> lastRevalidationFailure() {
    return Optional.ofNullable(revalidationFailedAt);
  }

  /** The whole data as one JSON text: the object, the array, or {@code null}. */
  public String json() {
    if (!list) {
      return items.isEmpty() ? "null" : items.get(0);
    }
    return "[" + String.join(",", items) + "]";
  }
}
