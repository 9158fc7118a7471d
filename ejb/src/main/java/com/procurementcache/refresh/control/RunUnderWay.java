package com.procurementcache.refresh.control;

import jakarta.ejb.ApplicationException;
import java.util.Objects;
import java.util.UUID;

/**
 * A full run was asked for while another full run is under way on some node: one full run at a time
 * per cluster. It names that run, for the caller to follow instead. An application exception, so
 * that it reaches the caller of the refresh node as it is.
 */
@ApplicationException
public class RunUnderWay extends RuntimeException {

  private final UUID runId;

  public RunUnderWay(UUID runId) {
    super("A full refresh run is under way: " + runId + ".");
    this.runId = Objects.requireNonNull(runId, "the run under way");
  }

  public UUID runId() {
    return runId;
  }
}
