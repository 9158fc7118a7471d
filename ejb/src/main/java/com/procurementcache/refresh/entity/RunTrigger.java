package com.procurementcache.refresh.entity;

import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.schema.entity.StoredName;
import com.procurementcache.schema.entity.StoredNameJson;
import jakarta.json.bind.annotation.JsonbTypeAdapter;

/**
 * What started a refresh run ({@code refresh_runs.trigger}); the wire name is the one the table's
 * CHECK constraint, the API and the webhook use.
 */
@JsonbTypeAdapter(RunTrigger.Json.class)
public enum RunTrigger implements StoredName {
  /** The scheduled night, claimed on time. */
  SCHEDULE("schedule"),
  /** The scheduled night, claimed late but within the catch-up window. */
  CATCH_UP("catch-up"),
  API("api"),
  JMX("jmx");

  private final String wireName;

  RunTrigger(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** Whether someone asked for the run by hand (API, JMX) rather than the schedule. */
  public boolean manual() {
    return this == API || this == JMX;
  }

  /** Why the refreshed organizations' data changed, as the change log tells it. */
  public ChangeReason refreshReason() {
    return manual() ? ChangeReason.MANUAL : ChangeReason.NIGHTLY_REFRESH;
  }

  /** JSON-B writes and reads the wire name. */
  public static final class Json extends StoredNameJson<RunTrigger> {
    public Json() {
      super(RunTrigger.class);
    }
  }
}
