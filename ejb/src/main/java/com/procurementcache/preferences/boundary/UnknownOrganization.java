package com.procurementcache.preferences.boundary;

import jakarta.ejb.ApplicationException;

/** The organization a token names does not exist (any more). */
@ApplicationException(rollback = true)
public class UnknownOrganization extends RuntimeException {

  public UnknownOrganization(String message) {
    super(message);
  }
}
