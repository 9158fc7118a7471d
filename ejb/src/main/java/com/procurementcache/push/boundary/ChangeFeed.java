package com.procurementcache.push.boundary;

import com.procurementcache.push.entity.Change;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * This node's view of the change log: the version it has applied per organization, and the
 * changes a resuming client missed. (Contract; the implementation follows.)
 */
public class ChangeFeed {

  /** The latest version of {@code organization} this node has applied (0: none). */
  public long version(UUID organization) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * The changes of {@code organization} after version {@code after} up to and including {@code
   * upTo}, in order; empty when they cannot all be given (older than the retained window, or more
   * than {@code push.replay-limit}): the client must then reload everything.
   */
  public Optional<List<Change>> missed(UUID organization, long after, long upTo) {
    throw new UnsupportedOperationException("not yet");
  }
}
