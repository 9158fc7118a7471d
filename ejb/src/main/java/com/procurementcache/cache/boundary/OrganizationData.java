package com.procurementcache.cache.boundary;

import com.procurementcache.analytics.boundary.LiveData;
import com.procurementcache.analytics.control.OrganizationDataReader;
import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.control.CacheSettings;
import com.procurementcache.cache.control.CacheTiers;
import com.procurementcache.cache.control.OrganizationStatuses;
import com.procurementcache.cache.entity.CacheTier;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.PageRequest;
import com.procurementcache.cache.entity.ServedType;
import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.refresh.boundary.RefreshCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The organizations' data as the API answers it: which data types are served, which are paged and
 * how, and the answer itself, from the cache or computed live. The API asks in steps so that a
 * request is refused for the first thing wrong with it: the type, then (after the caller is
 * authorized) the paging, then the answer.
 */
@ApplicationScoped
public class OrganizationData {

  /** Where an answer comes from. */
  public enum Source {
    /** The cluster cache, read through from the published snapshot. */
    CACHE,
    /** Computed from the source tables on this request, bypassing the cache (costly). */
    LIVE
  }

  private static final String DATA_TYPES =
      CachedData.organizationTypes().stream().map(DataType::slug).collect(Collectors.joining(", "));

  @Inject CachedData cached;

  @Inject LiveData live;

  @Inject RefreshCalendar calendar;

  @Inject CacheSettings settings;

  @Inject CacheTiers tiers;

  @Inject Clock clock;

  @Inject OrganizationStatuses statuses;

  /**
   * The served data type of {@code slug}.
   *
   * @throws DataRequestRefused (unknown type) naming the types there are
   */
  public DataType type(String slug) {
    return DataType.fromSlug(slug)
        .filter(t -> t != DataType.USER_PREFERENCES)
        .orElseThrow(
            () ->
                DataRequestRefused.unknownType(
                    "No data type '" + slug + "'; there are " + DATA_TYPES + "."));
  }

  /**
   * Every data type clients read, with where and its cache tier, in the order of {@link DataType}.
   */
  public List<ServedType> servedTypes() {
    return Arrays.stream(DataType.values())
        .map(
            type -> {
              CacheTier tier = tiers.of(type);
              boolean perUser = type == DataType.USER_PREFERENCES;
              List<String> sortable =
                  perUser ? List.of() : OrganizationDataReader.sortableFields(type);
              return new ServedType(
                  type.slug(),
                  type.nightly(),
                  perUser ? "/me/preferences" : "/organizations/{organizationId}/" + type.slug(),
                  !sortable.isEmpty(),
                  sortable,
                  tier.freshness().toString(),
                  tier.freshness().toMillis(),
                  tier.retention().toString(),
                  tier.retention().toMillis());
            })
        .toList();
  }

  /**
   * The page {@code page}, {@code size} and {@code sort} ask for (absent ones take the defaults);
   * empty for a type that is not paged, which must then have none of them.
   *
   * @throws DataRequestRefused naming the parameter that is wrong
   */
  public Optional<PageRequest> paging(DataType type, String page, String size, String sort) {
    List<String> sortable = OrganizationDataReader.sortableFields(type);
    if (sortable.isEmpty()) {
      if (page != null || size != null || sort != null) {
        throw DataRequestRefused.invalidPaging(
            type.slug()
                + " is not paged: page, size and sort are for product-metrics and price-alerts.");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(
          PageRequest.parse(
              page,
              size,
              sort,
              sortable,
              sortable.get(0) + ",desc",
              settings.pageDefaultSize(),
              settings.pageMaxSize()));
    } catch (IllegalArgumentException e) {
      throw DataRequestRefused.invalidPaging(e.getMessage());
    }
  }

  /**
   * The data of {@code type} for {@code organization}, of the page asked for; empty if there is no
   * such organization.
   *
   * @throws com.procurementcache.cache.control.CacheComputationException if the value was not
   *     cached and could not be read
   * @throws SQLException if live data could not be computed
   */
  public Optional<DataAnswer> answer(
      OrganizationId organization, DataType type, Optional<PageRequest> page, Source source)
      throws SQLException {
    Instant now = clock.instant();
    Instant next = nextRefreshAt(organization, type);
    PageRequest paging = page.orElse(null);
    if (source == Source.LIVE) {
      return live.compute(organization.uuid(), type, calendar.today(), settings.statementTimeout())
          .map(
              d ->
                  new DataAnswer(
                      organization, type, CachedValue.of(d, now), null, null, now, next, paging));
    }
    return cached
        .read(organization.uuid(), type)
        .map(
            s ->
                new DataAnswer(
                    organization,
                    type,
                    s.value(),
                    s.outcome(),
                    cached.tier(type),
                    now,
                    next,
                    paging));
  }

  /**
   * When nightly data changes next; null for master data, which follows no schedule, and for an
   * inactive organization, which no refresh run takes (it keeps its last figures, or none).
   */
  private Instant nextRefreshAt(OrganizationId organization, DataType type) {
    if (!type.nightly() || !statuses.active(organization.uuid())) {
      return null;
    }
    return calendar.nextRefreshAt();
  }
}
