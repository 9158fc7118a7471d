package com.procurementcache.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The tests' plain SQL: the one number a query answers (its first row's first column), and the rows
 * a statement changed.
 */
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

  /** Runs a statement on the suite's database on a connection of its own; the rows it changed. */
  public static int update(String sql, Object... parameters) throws SQLException {
    try (Connection c = TestEnvironment.database().connect()) {
      return update(c, sql, parameters);
    }
  }

  public static int update(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    }
  }
}
