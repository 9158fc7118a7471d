package com.procurementcache.refresh.control;

import java.util.Objects;
import java.util.UUID;

/**
 * A node's hold on a run: valid while its fencing token is the run's current one and it has not
 * expired. A takeover increments the token, so every write of the former holder is refused.
 */
public record Lease(UUID runId, String node, long fencingToken) {

  public Lease {
    Objects.requireNonNull(runId, "a lease is on a run");
    Objects.requireNonNull(node, "a lease is held by a node");
  }
}
