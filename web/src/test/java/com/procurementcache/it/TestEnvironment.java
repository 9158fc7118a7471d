package com.procurementcache.it;

import com.procurementcache.demo.control.DatabaseTarget;
import com.procurementcache.demo.control.ScratchTarget;
import com.procurementcache.demo.control.SigningKeys;
import com.procurementcache.demo.control.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The suite's database and keys, as the build describes them in system properties. The database
 * holds no data of its own: each test class makes the organizations it needs ({@link
 * TestOrganization}).
 */
public final class TestEnvironment {

  private TestEnvironment() {}

  /**
   * Whether this is the failsafe run, which names the keys folder; a database name alone may come
   * from the command line, which Maven hands to the unit tests too.
   */
  static boolean active() {
    return System.getProperty("it.db.name") != null && System.getProperty("it.keys.dir") != null;
  }

  public static DatabaseTarget database() {
    return ScratchTarget.named(System.getProperty("it.db.name"));
  }

  public static TokenIssuer tokens() {
    return new TokenIssuer(keys().privateKey());
  }

  /** The suite's signing keys: the node verifies with their public half. */
  public static SigningKeys keys() {
    try {
      return SigningKeys.load(Path.of(System.getProperty("it.keys.dir")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
