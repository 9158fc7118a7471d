package com.procurementcache.refresh.entity;

import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.util.Arrays;

/**
 * Every way an organization's refresh in a run can end ({@code refresh_outcomes.outcome}); none is
 * ever dropped silently. The wire name is the one the table's CHECK constraint, the API, the
 * webhook's counts and the metrics use.
 */
@JsonbTypeAdapter(Outcome.Json.class)
public enum Outcome {
  REFRESHED("refreshed"),
  /** Refreshed within the minimum age and its source unchanged since: left as it was. */
  SKIPPED_FRESH("skipped-fresh"),
  /** The new figures failed validation; the last good ones stay. */
  FAILED_VALIDATION("failed-validation"),
  /** The refresh kept failing (retries used up, or the deadline passed). */
  FAILED_ERROR("failed-error"),
  /** Not reached before the run's timeout. */
  TIMED_OUT("timed-out");

  private final String wireName;

  Outcome(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether the organization failed: a run with such an outcome completed with errors. */
  public boolean failure() {
    return this == FAILED_VALIDATION || this == FAILED_ERROR;
  }

  public static Outcome fromWire(String wireName) {
    return Arrays.stream(values())
        .filter(o -> o.wireName.equals(wireName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no outcome '" + wireName + "'"));
  }

  /** JSON-B writes and reads the wire name. */
  public static final class Json implements JsonbAdapter<Outcome, String> {
    @Override
    public String adaptToJson(Outcome outcome) {
      return outcome.wireName();
    }

    @Override
    public Outcome adaptFromJson(String wireName) {
      return fromWire(wireName);
    }
  }
}
