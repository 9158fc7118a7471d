/**
 * What the application's metrics share: durations as counters of seconds, which Payara's Prometheus
 * output writes as {@code <name>_seconds_total} with a HELP line (a MicroProfile timer's output has
 * a {@code _mean} family without one, which promtool refuses).
 */
package com.procurementcache.metrics;
