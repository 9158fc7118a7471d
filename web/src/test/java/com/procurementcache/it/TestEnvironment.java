package com.procurementcache.it;

import com.procurementcache.demo.control.DataGenerator;
import com.procurementcache.demo.control.DatabaseTarget;
import com.procurementcache.demo.control.ScratchTarget;
import com.procurementcache.demo.control.SigningKeys;
import com.procurementcache.demo.control.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The suite's database, keys and data, as the build describes them in system properties. */
public final class TestEnvironment {

  /** The seed of the suite's generated data: the same organizations on every run. */
  public static final long SEED = 7;

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
    try {
      return new TokenIssuer(
          SigningKeys.load(Path.of(System.getProperty("it.keys.dir"))).privateKey());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The suite's organizations (id, status), generating the small data set the first time. The
   * schema is the node's doing: it migrates the empty database while it deploys, before any test.
   */
  public static synchronized List<Organization> organizations() throws SQLException {
    DatabaseTarget target = database();
    try (Connection connection = target.connect()) {
      DataGenerator generator = new DataGenerator();
      if (generator.isEmpty(connection)) {
        generator.generate(connection, "small", SEED);
      }
      List<Organization> organizations = new ArrayList<>();
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, status FROM organizations ORDER BY id")) {
        while (rs.next()) {
          organizations.add(
              new Organization(rs.getObject(1, UUID.class), "active".equals(rs.getString(2))));
        }
      }
      return organizations;
    }
  }

  /** An organization of the generated data. */
  public record Organization(UUID id, boolean active) {}
}
