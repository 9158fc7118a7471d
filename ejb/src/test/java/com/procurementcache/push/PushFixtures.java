package com.procurementcache.push;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.push.control.PushSettings;
import com.procurementcache.push.entity.Change;
import com.procurementcache.push.entity.ChangeReason;
import com.procurementcache.push.entity.RefreshProgress;
import com.procurementcache.refresh.control.RefreshStatus;
import com.procurementcache.testing.MapConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Settings, changes and refresh states as the push tests need them. */
public final class PushFixtures {

  private PushFixtures() {}

  /** The shipped {@code push.*} defaults, with {@code overrides} (key → value) on top. */
  public static PushSettings settings(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(MapConfig.shippedDefaults());
    values.putAll(overrides);
    return new PushSettings(new MapConfig(values));
  }

  /** A manual invalidation of {@code organization}, its {@code version}-th change. */
  public static Change change(UUID organization, long version) {
    return change(organization, version, Instant.parse("2026-03-01T10:00:00Z"));
  }

  public static Change change(UUID organization, long version, Instant changedAt) {
    return new Change(
        organization,
        version,
        ChangeReason.MANUAL,
        Set.of(DataType.SUPPLIERS, DataType.DASHBOARD_METRICS),
        false,
        List.of(),
        null,
        null,
        changedAt);
  }

  /** No run under way: the latest one completed. */
  public static RefreshProgress idle(UUID organization, Instant at) {
    return new RefreshProgress(
        organization,
        RefreshStatus.State.COMPLETED,
        RefreshProgress.OrganizationState.DONE,
        UUID.fromString("00000000-0000-0000-0000-0000000000aa"),
        40,
        40,
        at);
  }
}
