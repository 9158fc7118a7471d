package com.procurementcache.security.control;

/**
 * A bearer token that is not accepted: malformed, signed by another key or with another algorithm,
 * of another issuer or audience, or missing a required claim. The message says why, for the log
 * only: it is never sent back to the holder.
 */
public class InvalidToken extends Exception {

  public InvalidToken(String message) {
    super(message);
  }

  public InvalidToken(String message, Throwable cause) {
    super(message, cause);
  }
}
