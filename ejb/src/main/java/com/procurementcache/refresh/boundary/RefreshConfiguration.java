package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.control.RefreshSchedule;
import com.procurementcache.refresh.control.RefreshSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Makes the refresh settings and schedule injectable. Read once per deployment: a changed schedule
 * needs a restart (or redeploy), not a rebuild.
 */
@ApplicationScoped
public class RefreshConfiguration {

  @Inject Config config;

  @Produces
  @Singleton
  RefreshSettings settings() {
    return RefreshSettings.from(config);
  }

  @Produces
  @Singleton
  RefreshSchedule schedule(RefreshSettings settings) {
    return settings.schedule();
  }
}
