package com.procurementcache.analytics.boundary;

import com.procurementcache.analytics.control.OrganizationDataReader;
import com.procurementcache.analytics.entity.DataSnapshot;
import com.procurementcache.analytics.entity.DataType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
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

  /**
   * The data of {@code type} (a nightly type, suppliers or locations) for {@code organization}, as
   * of {@code asOf} (for nightly types: the date whose figures a refresh would compute); empty if
   * there is no such organization.
   *
   * @param timeout how long PostgreSQL may compute it before it stops the statement
   */
  public Optional<DataSnapshot> compute(
      UUID organization, DataType type, LocalDate asOf, Duration timeout) throws SQLException {
    if (type == DataType.USER_PREFERENCES) {
      throw new IllegalArgumentException("preferences are read per user");
    }
    return reader.computeFromSource(type, organization, asOf, timeout);
  }
}
