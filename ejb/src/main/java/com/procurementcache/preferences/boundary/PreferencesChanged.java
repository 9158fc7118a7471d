package com.procurementcache.preferences.boundary;

import java.util.UUID;

/** CDI event: a user's preferences were written (observed after the transaction commits). */
public record PreferencesChanged(UUID organizationId, String userId) {}
