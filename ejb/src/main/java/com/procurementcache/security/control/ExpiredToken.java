package com.procurementcache.security.control;

/**
 * A bearer token that was good (signature, issuer, audience, claims) but has expired, or is older
 * than the configured token age: the holder needs a new one.
 */
public class ExpiredToken extends InvalidToken {

  public ExpiredToken(String message) {
    super(message);
  }
}
