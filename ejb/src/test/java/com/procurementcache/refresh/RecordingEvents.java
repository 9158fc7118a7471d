package com.procurementcache.refresh;

import com.procurementcache.refresh.control.RefreshEvents;
import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.OrganizationRefreshed;
import com.procurementcache.refresh.entity.RunReport;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records what runs tell their node; an optional hook runs after each organization. */
final class RecordingEvents implements RefreshEvents {

  final List<OrganizationRefreshed> published = new CopyOnWriteArrayList<>();
  final List<OrganizationOutcome> finished = new CopyOnWriteArrayList<>();
  final List<RunReport> runs = new CopyOnWriteArrayList<>();
  volatile Consumer<OrganizationOutcome> afterOrganization = o -> {};
  volatile Ending ending = (c, report, outcomes) -> {};

  /** What the test does in the transaction that ends a run (e.g. queue its summary). */
  @FunctionalInterface
  interface Ending {
    void run(Connection c, RunReport report, List<OrganizationOutcome> outcomes) throws Exception;
  }

  @Override
  public void published(OrganizationRefreshed event) {
    published.add(event);
  }

  @Override
  public void organizationFinished(OrganizationOutcome outcome) {
    finished.add(outcome);
    afterOrganization.accept(outcome);
  }

  @Override
  public void ending(Connection c, RunReport report, List<OrganizationOutcome> outcomes)
      throws Exception {
    ending.run(c, report, outcomes);
  }

  @Override
  public void runFinished(RunReport report) {
    runs.add(report);
  }
}
