package com.procurementcache.refresh.boundary;

import jakarta.ejb.ApplicationException;

/** A run asked for by hand that cannot start as asked (e.g. unknown organizations). */
@ApplicationException
public class RefreshRequestRefused extends RuntimeException {

  public RefreshRequestRefused(String message) {
    super(message);
  }
}
