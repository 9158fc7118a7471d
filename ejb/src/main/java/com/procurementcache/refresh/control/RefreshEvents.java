package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.OrganizationRefreshed;
import com.procurementcache.refresh.entity.RunReport;
import java.sql.Connection;
import java.util.List;

/**
 * What a run tells the rest of the node. The container turns these into a CDI event, metrics and
 * the webhook; tests record them.
 */
public interface RefreshEvents {

  /** Inside the organization's transaction, just before it commits. */
  void published(OrganizationRefreshed event);

  /** After an organization's outcome was committed. */
  void organizationFinished(OrganizationOutcome outcome);

  /**
   * Inside the transaction that ends the run, on its connection: what must be written with the end
   * of the run or not at all (its summary message). When this throws, the run is not ended: it
   * stays running until its lease runs out and a node takes it over and ends it again.
   *
   * @param outcomes every outcome of the run, also those of a node that worked on it before
   */
  void ending(Connection connection, RunReport report, List<OrganizationOutcome> outcomes)
      throws Exception;

  /** After the run ended (this node finished it) and that was committed. */
  void runFinished(RunReport report);
}
