package com.procurementcache.cache.control;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.procurementcache.organization.boundary.OrganizationDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether each organization is active, as last read from PostgreSQL, for answers that announce the
 * next refresh. A status older than {@code cache.organization-status-max-age} is still answered at
 * once while it is read again in the background; when that read fails (the database is down or
 * hung) the last status read stays, so a cached answer never fails on the status of its
 * organization.
 */
@ApplicationScoped
public class OrganizationStatuses {

  private static final Logger LOG = Logger.getLogger(OrganizationStatuses.class.getName());

  @Inject OrganizationDirectory organizations;

  @Inject CacheSettings settings;

  @Resource ManagedExecutorService executor;

  private LoadingCache<UUID, Boolean> active;

  @PostConstruct
  void build() {
    active =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .refreshAfterWrite(settings.organizationStatusMaxAge())
            .executor(executor)
            .build(new LastKnown());
  }

  /**
   * Whether {@code organization} is active: the last status read; when none was read yet and the
   * database does not answer, true (the next refresh is announced, as for most organizations).
   */
  public boolean active(UUID organization) {
    try {
      return active.get(organization);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "The status of organization {0} cannot be read; taken as active: {1}",
          new Object[] {organization, e.toString()});
      return true;
    }
  }

  /** Reads the status; keeps the last one when reading it again fails. */
  private final class LastKnown implements CacheLoader<UUID, Boolean> {

    @Override
    public Boolean load(UUID organization) {
      return organizations.active(organization);
    }

    @Override
    public Boolean reload(UUID organization, Boolean last) {
      try {
        return organizations.active(organization);
      } catch (RuntimeException e) {
        // Kept as a new value: the next attempt comes after another max age, not on every read.
        LOG.log(
            Level.FINE,
            "Re-reading the status of organization {0} failed; the last one is kept: {1}",
            new Object[] {organization, e.toString()});
        return last;
      }
    }
  }
}
