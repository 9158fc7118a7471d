package com.procurementcache.refresh.control;

import java.util.List;

/**
 * An organization's recomputed figures did not pass validation: its transaction rolls back and its
 * last good figures stay published.
 */
public class ValidationFailed extends Exception {

  private final List<String> reasons;

  public ValidationFailed(List<String> reasons) {
    super(String.join("; ", reasons));
    this.reasons = List.copyOf(reasons);
  }

  public List<String> reasons() {
    return reasons;
  }
}
