package com.procurementcache.refresh.entity;

import com.procurementcache.schema.entity.StoredName;
import com.procurementcache.schema.entity.StoredNameJson;
import jakarta.json.bind.annotation.JsonbTypeAdapter;

/**
 * Every way an organization's refresh in a run can end ({@code refresh_outcomes.outcome}); none is
 * ever dropped silently. The wire name is the one the table's CHECK constraint, the API, the
 * webhook's counts and the metrics use.
 */
@JsonbTypeAdapter(Outcome.Json.class)
public enum Outcome implements StoredName {
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

  @Override
  public String wireName() {
    return wireName;
  }

  /** Whether the organization failed: a run with such an outcome completed with errors. */
  public boolean failure() {
    return this == FAILED_VALIDATION || this == FAILED_ERROR;
  }

  /** JSON-B writes and reads the wire name. */
  public static final class Json extends StoredNameJson<Outcome> {
    public Json() {
      super(Outcome.class);
    }
  }
}
