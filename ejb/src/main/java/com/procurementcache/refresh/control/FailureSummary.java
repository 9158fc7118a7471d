package com.procurementcache.refresh.control;

import java.sql.SQLException;
import java.util.Map;

/**
 * What the audit trail says of an organization's refresh that failed: a neutral summary (the kind
 * of failure and its SQLSTATE) that admins can act on, never the driver's text or an exception's
 * class, which may name hosts, users, tables or values. The whole message goes to the log.
 */
public final class FailureSummary {

  /** SQLSTATE classes and codes (PostgreSQL appendix A) in words. */
  private static final Map<String, String> WORDS =
      Map.of(
          "55P03", "lock timeout",
          "57014", "statement timeout or cancelled",
          "40P01", "deadlock",
          "40001", "serialization failure",
          "08", "connection to the database lost",
          "53", "database out of resources",
          "23", "integrity constraint violated",
          "42", "statement refused by the database");

  private FailureSummary() {}

  public static String of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state == null || state.length() < 2) {
          return "database error";
        }
        String words = WORDS.getOrDefault(state, WORDS.get(state.substring(0, 2)));
        return (words == null ? "database error" : "database: " + words)
            + " (SQLSTATE "
            + state
            + ")";
      }
    }
    return "unexpected error (the node's log has the details)";
  }
}
