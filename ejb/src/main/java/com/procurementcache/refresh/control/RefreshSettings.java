package com.procurementcache.refresh.control;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The nightly refresh's rules ({@code refresh.*}); defaults are the plan's. */
@ConfigProperties(prefix = "refresh")
public class RefreshSettings {

  /** Five-field cron expression, minute first, evaluated in {@link #zone}. */
  public String schedule;

  public ZoneId zone;

  @ConfigProperty(name = "batch-size")
  public int batchSize;

  @ConfigProperty(name = "max-retries")
  public int maxRetries;

  public Duration timeout;

  @ConfigProperty(name = "min-age")
  public Duration minAge;

  @ConfigProperty(name = "max-load")
  public double maxLoad;

  @ConfigProperty(name = "wait-if-high-load")
  public boolean waitIfHighLoad;

  @ConfigProperty(name = "notify-on-changes")
  public boolean notifyOnChanges;

  @ConfigProperty(name = "change-threshold")
  public double changeThreshold;

  @ConfigProperty(name = "staleness-limit")
  public Duration stalenessLimit;

  @ConfigProperty(name = "data-types")
  public List<String> dataTypes;
}
