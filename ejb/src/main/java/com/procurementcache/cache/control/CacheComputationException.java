package com.procurementcache.cache.control;

import jakarta.ejb.ApplicationException;

/** A value was needed and could not be computed (or not in time); nothing stale was at hand. */
@ApplicationException
public class CacheComputationException extends RuntimeException {

  public CacheComputationException(String message, Throwable cause) {
    super(message, cause);
  }
}
