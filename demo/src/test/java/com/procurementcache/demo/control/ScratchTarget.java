package com.procurementcache.demo.control;

import java.util.UUID;

/** A database target of a test's own on the build's PostgreSQL (it.db.* system properties). */
final class ScratchTarget {

  private ScratchTarget() {}

  static DatabaseTarget random(String prefix) {
    return new DatabaseTarget(
        "jdbc:postgresql://"
            + System.getProperty("it.db.host", "127.0.0.1")
            + ":"
            + System.getProperty("it.db.port", "5432")
            + "/"
            + prefix
            + "_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
        System.getProperty("it.db.user", "postgres"),
        System.getProperty("it.db.password", ""));
  }
}
