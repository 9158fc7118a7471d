package com.procurementcache.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a {@code CHECK (column IN (…))} constraint of a migrated database allows, read from
 * {@code pg_constraint}: what a Java enum of the same states is compared with, so that the enum and
 * the schema cannot drift apart.
 */
public final class CheckConstraint {

  // PostgreSQL shows "column IN ('a', 'b')" as "(column = ANY (ARRAY['a'::text, 'b'::text]))".
  private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'::text");

  private CheckConstraint() {}

  /**
   * The text literals of the one CHECK constraint on exactly {@code table.column}.
   *
   * @throws IllegalStateException when the column has no such constraint, or more than one
   */
  public static List<String> allowedValues(Connection c, String table, String column)
      throws SQLException {
    List<String> definitions = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            """
            SELECT pg_get_constraintdef(k.oid)
              FROM pg_constraint k
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ALL (k.conkey)
             WHERE k.contype = 'c'
               AND k.conrelid = to_regclass(?)
               AND cardinality(k.conkey) = 1
               AND a.attname = ?
            """)) {
      s.setString(1, table);
      s.setString(2, column);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          definitions.add(rs.getString(1));
        }
      }
    }
    if (definitions.size() != 1) {
      throw new IllegalStateException(
          table + "." + column + " has " + definitions.size() + " CHECK constraints, not one");
    }
    List<String> values = new ArrayList<>();
    Matcher literal = LITERAL.matcher(definitions.get(0));
    while (literal.find()) {
      values.add(literal.group(1).replace("''", "'"));
    }
    return values;
  }
}
