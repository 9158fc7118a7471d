package com.procurementcache.refresh.control;

/**
 * This node no longer holds the run's lease (it expired, or another node took the run over): it
 * must not publish anything more for the run. Thrown inside a transaction, so the transaction rolls
 * back.
 */
public class LeaseLost extends RuntimeException {

  public LeaseLost(RunLease lease, String why) {
    super("lease on run " + lease.runId() + " (token " + lease.fencingToken() + ") lost: " + why);
  }
}
