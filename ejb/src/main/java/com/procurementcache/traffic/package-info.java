/**
 * This node's API traffic as it happens: requests per second, their latency and how many are in
 * flight, over the last second. The refresh reads it to defer to readers; nothing else is kept.
 */
package com.procurementcache.traffic;
