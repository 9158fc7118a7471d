package com.procurementcache.cache.boundary;

/**
 * A request for organization data that names no served data type, or asks for a page the type does
 * not have. The message says what is wrong in words a client can act on.
 */
public class DataRequestRefused extends RuntimeException {

  private final boolean unknownType;

  private DataRequestRefused(boolean unknownType, String message) {
    super(message);
    this.unknownType = unknownType;
  }

  static DataRequestRefused unknownType(String message) {
    return new DataRequestRefused(true, message);
  }

  static DataRequestRefused invalidPaging(String message) {
    return new DataRequestRefused(false, message);
  }

  /** Whether the data type does not exist (else a parameter is wrong). */
  public boolean unknownType() {
    return unknownType;
  }
}
