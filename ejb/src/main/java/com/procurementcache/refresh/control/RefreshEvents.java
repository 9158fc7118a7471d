package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.OrganizationOutcome;
import com.procurementcache.refresh.entity.OrganizationRefreshed;
import com.procurementcache.refresh.entity.RunReport;

/**
 * What a run tells the rest of the node. The container turns these into a CDI event, metrics and
 * the webhook; tests record them.
 */
public interface RefreshEvents {

  /** Inside the organization's transaction, just before it commits. */
  void published(OrganizationRefreshed event);

  /** After an organization's outcome was committed. */
  void organizationFinished(OrganizationOutcome outcome);

  /** After the run ended (this node finished it). */
  void runFinished(RunReport report);
}
