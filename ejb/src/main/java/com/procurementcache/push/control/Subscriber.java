package com.procurementcache.push.control;

import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.RefreshProgress;

/**
 * One WebSocket session's subscription, as the change feed and the refresh watcher see it. Both
 * methods are called from the node's feed threads and must not block: a subscriber queues what it
 * is given (bounded) and sends it asynchronously.
 */
public interface Subscriber {

  /** Whether the session's token is an admin's (admins see run-wide counts). */
  boolean admin();

  /** A change of the subscribed organization, in version order; may repeat a version (drop it). */
  void changed(Change change);

  /** The refresh's state changed for the subscribed organization. */
  void refreshStatus(RefreshProgress progress);
}
