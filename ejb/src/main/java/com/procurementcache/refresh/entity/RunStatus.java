package com.procurementcache.refresh.entity;

import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.util.Arrays;

/**
 * Where a refresh run stands ({@code refresh_runs.status}). The wire name is the one the table's
 * CHECK constraint, the API, the webhook, the metrics and JMX use; it is written here only.
 */
@JsonbTypeAdapter(RunStatus.Json.class)
public enum RunStatus {
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

  public String wireName() {
    return wireName;
  }

  public static RunStatus fromWire(String wireName) {
    return Arrays.stream(values())
        .filter(s -> s.wireName.equals(wireName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no run status '" + wireName + "'"));
  }

  /** JSON-B writes and reads the wire name. */
  public static final class Json implements JsonbAdapter<RunStatus, String> {
    @Override
    public String adaptToJson(RunStatus status) {
      return status.wireName();
    }

    @Override
    public RunStatus adaptFromJson(String wireName) {
      return fromWire(wireName);
    }
  }
}
