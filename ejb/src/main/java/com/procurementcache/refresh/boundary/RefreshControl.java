package com.procurementcache.refresh.boundary;

import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The MXBean the node registers; reads go to the audit trail, operations to the node. */
public class RefreshControl implements RefreshControlMXBean {

  /** Who asked, as the audit trail's requested_by shows it. */
  private static final String JMX = RunTrigger.JMX.wireName();

  private final Supplier<RefreshNode> node;
  private final Supplier<RefreshAudit> audit;

  RefreshControl(Supplier<RefreshNode> node, Supplier<RefreshAudit> audit) {
    this.node = node;
    this.audit = audit;
  }

  private RefreshStatus status() {
    try {
      return audit.get().status();
    } catch (SQLException e) {
      throw new IllegalStateException("refresh status unavailable: " + e.getMessage());
    }
  }

  @Override
  public String getState() {
    return status().state().wireName();
  }

  @Override
  public String getPhase() {
    return Objects.toString(status().phase(), "");
  }

  @Override
  public int getOrganizationsDone() {
    return status().organizationsDone();
  }

  @Override
  public int getOrganizationsTotal() {
    return status().organizationsTotal();
  }

  @Override
  public String getCurrentRunId() {
    return Objects.toString(status().runId(), "");
  }

  @Override
  public String getLastSuccess() {
    return Objects.toString(status().lastSuccess(), "");
  }

  @Override
  public double getHoursSinceLastSuccess() {
    Double hours = status().hoursSinceLastSuccess();
    return hours == null ? -1 : hours;
  }

  @Override
  public String getNextScheduled() {
    return status().nextScheduled().toString();
  }

  @Override
  public boolean isOverdue() {
    return status().overdue();
  }

  @Override
  public String runNow(boolean force) {
    return node.get().startRun(RunTrigger.JMX, JMX, List.of(), force).toString();
  }

  @Override
  public String refreshOrganization(String organizationId) {
    OrganizationId id = OrganizationId.parse(organizationId == null ? null : organizationId.trim());
    return node.get().startRun(RunTrigger.JMX, JMX, List.of(id.uuid()), true).toString();
  }
}
