package com.procurementcache.cache.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * The cache's settings ({@code cache.*} but the tiers, which {@link CacheTiers} reads), read once
 * from MicroProfile Config when the application starts; a change takes a restart.
 */
@ApplicationScoped
public class CacheSettings {

  private int maxEntries;
  private Duration computationTimeout;
  private Duration statementTimeout;
  private Duration organizationStatusMaxAge;
  private Duration publishInterval;
  private boolean rewarmAfterRefresh;
  private int pageDefaultSize;
  private int pageMaxSize;
  private long localMaxBytes;

  protected CacheSettings() {}

  @Inject
  public CacheSettings(Config config) {
    maxEntries = config.getValue("cache.max-entries", Integer.class);
    computationTimeout = config.getValue("cache.computation-timeout", Duration.class);
    statementTimeout = config.getValue("cache.statement-timeout", Duration.class);
    if (statementTimeout.isNegative() || statementTimeout.isZero()) {
      throw new IllegalArgumentException("cache.statement-timeout must be positive");
    }
    organizationStatusMaxAge = config.getValue("cache.organization-status-max-age", Duration.class);
    if (organizationStatusMaxAge.isNegative() || organizationStatusMaxAge.isZero()) {
      throw new IllegalArgumentException("cache.organization-status-max-age must be positive");
    }
    publishInterval = config.getValue("cache.statistics.publish-interval", Duration.class);
    rewarmAfterRefresh = config.getValue("cache.rewarm-after-refresh", Boolean.class);
    pageDefaultSize = config.getValue("cache.page.default-size", Integer.class);
    pageMaxSize = config.getValue("cache.page.max-size", Integer.class);
    localMaxBytes = config.getValue("cache.local.max-bytes", Long.class);
    if (localMaxBytes < 0) {
      throw new IllegalArgumentException("cache.local.max-bytes must not be negative");
    }
  }

  /** {@code cache.max-entries}: the bound of each data type's cache. */
  public int maxEntries() {
    return maxEntries;
  }

  /** {@code cache.computation-timeout}: how long a request waits for a missing value. */
  public Duration computationTimeout() {
    return computationTimeout;
  }

  /**
   * {@code cache.statement-timeout}: how long PostgreSQL may run one statement that computes a
   * missing or stale value (or live data) before it stops it; whole seconds, rounded up.
   */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /**
   * {@code cache.organization-status-max-age}: how long an organization's status (active or not) is
   * used before it is read again, in the background; while it cannot be read, the last one read is
   * used.
   */
  public Duration organizationStatusMaxAge() {
    return organizationStatusMaxAge;
  }

  /** {@code cache.statistics.publish-interval}: how often a node publishes its counters. */
  public Duration publishInterval() {
    return publishInterval;
  }

  /** {@code cache.rewarm-after-refresh}: whether refreshed entries are read again at once. */
  public boolean rewarmAfterRefresh() {
    return rewarmAfterRefresh;
  }

  /** {@code cache.page.default-size}: items per page when the request names no size. */
  public int pageDefaultSize() {
    return pageDefaultSize;
  }

  /** {@code cache.page.max-size}: the largest page a request may ask for. */
  public int pageMaxSize() {
    return pageMaxSize;
  }

  /**
   * {@code cache.local.max-bytes}: the bound of this node's local layer of encoded answers; 0 turns
   * the layer, and with it the short path for hits, off.
   */
  public long localMaxBytes() {
    return localMaxBytes;
  }
}
