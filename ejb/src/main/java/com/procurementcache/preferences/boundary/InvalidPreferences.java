package com.procurementcache.preferences.boundary;

import jakarta.ejb.ApplicationException;

/** The body is not a JSON object within {@code preferences.max-bytes}: nothing was written. */
@ApplicationException(rollback = true)
public class InvalidPreferences extends RuntimeException {

  public InvalidPreferences(String message) {
    super(message);
  }
}
