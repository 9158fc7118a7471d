package com.procurementcache.refresh.control;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a run defers: the first limit of {@code refresh.*} that a measured load exceeds, in words an
 * operator reads in the run's phase ({@code GET /api/v1/refresh/status}).
 *
 * @param subject who the run defers to: {@code readers} or {@code the database}
 * @param detail the measured value and its limit
 */
record Pressure(String subject, String detail) {

  /** The pressure of {@code load} under {@code limits}; empty when the run may go on. */
  static Optional<Pressure> of(LoadProbe.Load load, RefreshSettings.Deferral limits) {
    double rate = load.readers().requestsPerSecond();
    if (rate > limits.requestRate()) {
      return Optional.of(
          new Pressure(
              "readers",
              String.format(
                  Locale.ROOT,
                  "%,.0f requests/s on this node (defers above %,.0f)",
                  rate,
                  limits.requestRate())));
    }
    if (load.readerCpu() > limits.maxLoad()) {
      return Optional.of(
          new Pressure(
              "readers",
              String.format(
                  Locale.ROOT,
                  "process CPU %.0f %% without the refresh (defers above %.0f %%)",
                  load.readerCpu() * 100,
                  limits.maxLoad() * 100)));
    }
    if (load.database() > limits.maxLoad()) {
      return Optional.of(
          new Pressure(
              "the database",
              String.format(
                  Locale.ROOT,
                  "%.0f %% of its connections busy (defers above %.0f %%)",
                  load.database() * 100,
                  limits.maxLoad() * 100)));
    }
    return Optional.empty();
  }

  /** {@code waiting for readers: 1,240 requests/s on this node (defers above 50)}. */
  String waitingPhase() {
    return "waiting for " + subject + ": " + detail;
  }

  /** {@code refreshing despite readers: window closing}, or why else the run may not wait. */
  String despitePhase(FinishBudget.Allowance allowance) {
    return "refreshing despite "
        + subject
        + switch (allowance) {
          case UNKNOWN -> ": timing a first organization";
          case SPENT, DEFER -> ": window closing";
        };
  }
}
