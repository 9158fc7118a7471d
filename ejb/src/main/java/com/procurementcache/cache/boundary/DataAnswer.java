package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.PageRequest;
import com.procurementcache.organization.entity.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An organization's data of one type as the API answers it: the value, how it was obtained, and
 * what a client needs to know to keep it (its tier, when it was answered, when it changes next).
 *
 * @param outcome how the cache served it; null when it was computed live, bypassing the cache
 * @param tier the type's cache tier; null when computed live
 * @param nextRefreshAt when nightly data changes next; null for master data
 * @param page the page asked for; null when the type is not paged
 */
public record DataAnswer(
    OrganizationId organization,
    DataType type,
    CachedValue value,
    CacheOutcome outcome,
    CacheTier tier,
    Instant answeredAt,
    Instant nextRefreshAt,
    PageRequest page) {

  public DataAnswer {
    Objects.requireNonNull(organization, "an answer is about an organization");
    Objects.requireNonNull(type, "an answer has a data type");
    Objects.requireNonNull(value, "an answer has a value");
    Objects.requireNonNull(answeredAt, "an answer says when");
    if ((outcome == null) != (tier == null)) {
      throw new IllegalArgumentException("a cached answer has an outcome and a tier, a live none");
    }
  }

  /** Whether the data was computed from the source on this request, without the cache. */
  public boolean live() {
    return outcome == null;
  }

  /**
   * Nightly data that has never been computed (version 0): the first refresh may come at any moment
   * (a new installation runs it at once), so a client must not keep this answer.
   */
  public boolean notYetComputed() {
    return type.nightly() && value.version() == 0;
  }

  public Optional<PageRequest> paging() {
    return Optional.ofNullable(page);
  }

  /** The data as JSON: the whole value, or the items of the page in the requested order. */
  public String json() {
    return page == null ? value.json() : "[" + String.join(",", page.itemsOf(value)) + "]";
  }

  /** How many items the whole list holds. */
  public int totalItems() {
    return value.items().size();
  }
}
