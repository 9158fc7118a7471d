package com.procurementcache.demo.control;

import java.util.UUID;

/**
 * Database targets of the tests, on the PostgreSQL the build names in the it.db.* system properties
 * (default: the local trust setup). Shared with the other modules' tests through this module's test
 * jar.
 */
public final class ScratchTarget {

  private ScratchTarget() {}

  /** The database {@code name} on the tests' server. */
  public static DatabaseTarget named(String name) {
    return new DatabaseTarget(
        "jdbc:postgresql://"
            + System.getProperty("it.db.host", "127.0.0.1")
            + ":"
            + System.getProperty("it.db.port", "5432")
            + "/"
            + name,
        System.getProperty("it.db.user", "postgres"),
        System.getProperty("it.db.password", ""));
  }

  /** A database of a name nobody else uses: {@code prefix} and a random suffix. */
  public static DatabaseTarget random(String prefix) {
    return named(prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
  }
}
