package com.procurementcache.preferences.boundary;

import jakarta.ejb.ApplicationException;

/** The preferences changed since the version the client named (If-Match): nothing was written. */
@ApplicationException(rollback = true)
public class PreferencesConflict extends RuntimeException {

  public PreferencesConflict(String message) {
    super(message);
  }
}
