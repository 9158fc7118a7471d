package com.procurementcache.cache.control;

/** A value was needed and could not be computed (or not in time); nothing stale was at hand. */
public class CacheComputationException extends RuntimeException {

  public CacheComputationException(String message, Throwable cause) {
    super(message, cause);
  }
}
