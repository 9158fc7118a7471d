package com.procurementcache.push.entity;

import com.procurementcache.schema.entity.StoredName;
import com.procurementcache.schema.entity.StoredNameJson;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.util.Locale;

/** Why an organization's data changed; the wire name is the constant's name in lower case. */
@JsonbTypeAdapter(ChangeReason.Json.class)
public enum ChangeReason implements StoredName {
  /** The scheduled nightly refresh (or its catch-up) published new figures. */
  NIGHTLY_REFRESH,
  /** An admin asked: a manual refresh run or a cache invalidation. */
  MANUAL,
  /** Another system wrote the organization's source tables. */
  DATA_CHANGE,
  /** A user's preferences were written. */
  PREFERENCES;

  @Override
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** JSON-B writes and reads the wire name. */
  public static final class Json extends StoredNameJson<ChangeReason> {
    public Json() {
      super(ChangeReason.class);
    }
  }
}
