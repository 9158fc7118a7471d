package com.procurementcache.preferences.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.control.TieredCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Evicts a user's cached preferences once their write has committed: evicting earlier would let a
 * concurrent read cache the old document again.
 */
@ApplicationScoped
public class PreferencesEviction {

  @Inject TieredCache cache;

  void evict(@Observes(during = TransactionPhase.AFTER_SUCCESS) PreferencesChanged change) {
    cache.evict(
        DataType.USER_PREFERENCES, PreferenceStore.key(change.organizationId(), change.userId()));
  }
}
