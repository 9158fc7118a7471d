package com.procurementcache.analytics.boundary;

import com.procurementcache.analytics.control.OrganizationDataReader;
import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.refresh.control.RefreshSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * An organization's data computed now from the source tables, neither read from nor written to the
 * cache: what every request would cost without the nightly refresh and the cache. For measuring
 * that cost and for checking cached figures against the source, not for serving dashboards.
 */
@ApplicationScoped
public class LiveData {

  @Inject OrganizationDataReader reader;

  @Inject RefreshSchedule schedule;

  @Inject Clock clock;

  /**
   * The data of {@code type} (a nightly type, suppliers or locations) for {@code organization}, as
   * of today in the refresh's zone (the date a refresh now would use); empty if there is no such
   * organization.
   */
  public Optional<CachedValue> compute(UUID organization, DataType type) throws SQLException {
    if (type == DataType.USER_PREFERENCES) {
      throw new IllegalArgumentException("preferences are read per user");
    }
    return reader.computeFromSource(
        type, organization, LocalDate.now(clock.withZone(schedule.zone())));
  }
}
