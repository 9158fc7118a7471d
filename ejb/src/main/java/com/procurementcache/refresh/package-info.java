/**
 * The nightly refresh: timers on every node, PostgreSQL deciding the one run per night (lease,
 * fencing token, takeover), each organization recomputed in its own transaction, the audit trail.
 */
package com.procurementcache.refresh;
