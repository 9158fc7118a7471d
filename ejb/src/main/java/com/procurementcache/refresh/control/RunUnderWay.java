package com.procurementcache.refresh.control;

import java.util.Objects;
import java.util.UUID;

/** A full run was asked for while another full run is under way; it names that run. */
public class RunUnderWay extends RuntimeException {

  private final UUID runId;

  public RunUnderWay(UUID runId) {
    super("refresh run " + runId + " is under way");
    this.runId = Objects.requireNonNull(runId, "the run under way");
  }

  public UUID runId() {
    return runId;
  }
}
