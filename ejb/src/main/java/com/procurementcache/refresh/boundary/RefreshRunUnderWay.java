package com.procurementcache.refresh.boundary;

import jakarta.ejb.ApplicationException;
import java.util.Objects;
import java.util.UUID;

/**
 * A full run asked for by hand while a full run is under way on some node: one full run at a time
 * per cluster. The caller is told which run to follow instead.
 */
@ApplicationException
public class RefreshRunUnderWay extends RuntimeException {

  private final UUID runId;

  public RefreshRunUnderWay(UUID runId) {
    super("A full refresh run is under way: " + runId + ".");
    this.runId = Objects.requireNonNull(runId, "the run under way");
  }

  public UUID runId() {
    return runId;
  }
}
