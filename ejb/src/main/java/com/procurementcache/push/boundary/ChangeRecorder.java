package com.procurementcache.push.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.push.control.ChangeLog;
import com.procurementcache.push.entity.ChangeReason;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Changes that are nothing but a change-log row: an admin's invalidation of cached data. */
@Stateless
public class ChangeRecorder {

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  /**
   * Records, in a transaction of its own, that an admin made {@code types} of {@code organization}
   * old; every node evicts them when it applies the change.
   *
   * @return the change's version; 0 when there is no such organization
   */
  public long invalidated(UUID organization, Collection<DataType> types) {
    try (Connection c = dataSource.getConnection()) {
      return ChangeLog.record(c, organization, ChangeReason.MANUAL, types, List.of(), null, null);
    } catch (SQLException e) {
      throw new IllegalStateException("could not record the invalidation", e);
    }
  }
}
