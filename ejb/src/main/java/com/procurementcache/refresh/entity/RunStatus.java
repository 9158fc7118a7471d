package com.procurementcache.refresh.entity;

import com.procurementcache.schema.entity.StoredName;
import com.procurementcache.schema.entity.StoredNameJson;
import jakarta.json.bind.annotation.JsonbTypeAdapter;

/**
 * Where a refresh run stands ({@code refresh_runs.status}). The wire name is the one the table's
 * CHECK constraint, the API, the webhook, the metrics and JMX use; it is written here only.
 */
@JsonbTypeAdapter(RunStatus.Json.class)
public enum RunStatus implements StoredName {
  PENDING("pending"),
  /** Leased to a node that works on it. */
  RUNNING("running"),
  /** Every organization it covered was refreshed or fresh already. */
  COMPLETED("completed"),
  /** It ended, and at least one organization failed (validation or error). */
  COMPLETED_WITH_ERRORS("completed-with-errors"),
  FAILED("failed"),
  /** The run's timeout passed before every organization was done. */
  TIMED_OUT("timed-out"),
  /** A scheduled night that no node ran within the catch-up window. */
  MISSED("missed");

  private final String wireName;

  RunStatus(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** JSON-B writes and reads the wire name. */
  public static final class Json extends StoredNameJson<RunStatus> {
    public Json() {
      super(RunStatus.class);
    }
  }
}
