/**
 * Push: the per-organization change stream. Every change to an organization's data is a row of the
 * change log (PostgreSQL) with the organization's next version; each node applies the rows in
 * version order, once (evicting what they affect), and sends them to its own WebSocket subscribers
 * of that organization. NOTIFY only wakes a node up; a catch-up poll finds what NOTIFY missed. See
 * docs/push.md.
 */
package com.procurementcache.push;
