package com.procurementcache.refresh.boundary;

/**
 * The nightly refresh over JMX ({@code com.procurementcache:type=NightlyRefresh}): its status and
 * the operations an operator needs without the HTTP API.
 */
public interface RefreshControlMXBean {

  /** idle, updating, completed or error. */
  String getState();

  String getPhase();

  int getOrganizationsDone();

  int getOrganizationsTotal();

  String getCurrentRunId();

  /** ISO-8601 instant of the end of the last completed run, or empty. */
  String getLastSuccess();

  /** Hours since the last completed run; -1 when there was none. */
  double getHoursSinceLastSuccess();

  String getNextScheduled();

  boolean isOverdue();

  /** Starts a run of every active organization now; returns the run id. */
  String runNow(boolean force);

  /** Starts a forced run of one organization now; returns the run id. */
  String refreshOrganization(String organizationId);
}
