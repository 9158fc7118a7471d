package com.procurementcache.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The one number a query of the tests answers (its first row's first column), in plain SQL. */
public final class Sql {

  private Sql() {}

  /** Asks the suite's database on a connection of its own. */
  public static long number(String sql, Object... parameters) throws SQLException {
    try (Connection c = TestEnvironment.database().connect()) {
      return number(c, sql, parameters);
    }
  }

  public static long number(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
