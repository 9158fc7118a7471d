package com.procurementcache.push.control;

import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.push.entity.RefreshProgress.OrganizationState;
import com.procurementcache.refresh.boundary.RefreshAudit;
import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.schema.entity.StoredName;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The refresh as one organization's new subscriber sees it: the latest run's state and counts (the
 * refresh status of the API), and the organization's place in that run.
 */
@ApplicationScoped
public class RefreshProgressReader {

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Inject RefreshAudit audit;

  @Inject Clock clock;

  public RefreshProgress current(UUID organization) throws SQLException {
    RefreshStatus status = audit.status();
    OrganizationState place =
        status.runId() == null
            ? OrganizationState.NONE
            : place(status.runId(), organization, status.state() == RefreshStatus.State.UPDATING);
    return new RefreshProgress(
        organization,
        status.state(),
        place,
        status.runId(),
        status.organizationsDone(),
        status.organizationsTotal(),
        clock.instant());
  }

  /** Done or failed by its outcome; pending while the run is under way and includes it. */
  private OrganizationState place(UUID run, UUID organization, boolean running)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT x.outcome,
                       (r.organization_ids IS NULL AND o.status = 'active')
                         OR o.id = ANY (r.organization_ids) AS included
                FROM refresh_runs r
                JOIN organizations o ON o.id = ?
                LEFT JOIN refresh_outcomes x ON x.run_id = r.id AND x.organization_id = o.id
                WHERE r.id = ?
                """)) {
      s.setObject(1, organization);
      s.setObject(2, run);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return OrganizationState.NONE;
        }
        String outcome = rs.getString("outcome");
        if (outcome != null) {
          return StoredName.fromWire(Outcome.class, outcome).failure()
              ? OrganizationState.FAILED
              : OrganizationState.DONE;
        }
        return running && rs.getBoolean("included")
            ? OrganizationState.PENDING
            : OrganizationState.NONE;
      }
    }
  }
}
