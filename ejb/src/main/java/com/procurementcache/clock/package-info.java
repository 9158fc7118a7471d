/**
 * The {@link java.time.Clock} that beans read the time from, produced in one place, so that
 * plain-Java code under test can be handed a clock of its own.
 */
package com.procurementcache.clock;
