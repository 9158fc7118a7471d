package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.control.RefreshSettings;
import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.refresh.control.RunHistory;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.RunReport;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads of the refresh's audit trail and status, for the API, JMX, health and metrics. */
@ApplicationScoped
public class RefreshAudit {

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Inject RefreshSettings settings;

  @Inject RefreshCalendar calendar;

  @Inject Clock clock;

  RunHistory history;

  @PostConstruct
  void init() {
    history = new RunHistory(dataSource);
  }

  public RefreshStatus status() throws SQLException {
    return RefreshStatus.of(
        history.running(),
        history.latest(),
        history.lastSuccess(),
        calendar.nextRefreshAt(),
        calendar.zone(),
        clock.instant(),
        settings.stalenessLimit());
  }

  public List<RunReport> runs(int limit, int offset) throws SQLException {
    return history.recent(limit, offset);
  }

  public Optional<RunReport> run(UUID id) throws SQLException {
    return history.find(id);
  }

  public List<OrganizationOutcome> outcomes(UUID runId) throws SQLException {
    return history.outcomes(runId);
  }

  public Optional<RunReport> lastSuccess() throws SQLException {
    return history.lastSuccess();
  }
}
