package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.refresh.entity.Outcome;
import com.procurementcache.refresh.entity.RunStatus;
import com.procurementcache.refresh.entity.RunTrigger;
import com.procurementcache.schema.ScratchDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The refresh's states are written twice, as enums in Java and as CHECK constraints in the
 * migrations; this holds the two together, read from the catalog of a freshly migrated database.
 */
class RunStatesMatchSchemaIT {

  private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");

  static ScratchDatabase database;

  @BeforeAll
  static void migrate() throws SQLException {
    database = ScratchDatabase.createMigrated("pc_it_states");
  }

  @AfterAll
  static void drop() throws SQLException {
    database.close();
  }

  @Test
  void everyRunStatusTheSchemaAllowsIsARunStatusAndNoOther() throws SQLException {
    assertThat(allowed("refresh_runs", "status"))
        .containsExactlyInAnyOrderElementsOf(wireNames(RunStatus.values(), RunStatus::wireName));
  }

  @Test
  void everyTriggerTheSchemaAllowsIsARunTriggerAndNoOther() throws SQLException {
    assertThat(allowed("refresh_runs", "trigger"))
        .containsExactlyInAnyOrderElementsOf(wireNames(RunTrigger.values(), RunTrigger::wireName));
  }

  @Test
  void everyOutcomeTheSchemaAllowsIsAnOutcomeAndNoOther() throws SQLException {
    assertThat(allowed("refresh_outcomes", "outcome"))
        .containsExactlyInAnyOrderElementsOf(wireNames(Outcome.values(), Outcome::wireName));
  }

  @Test
  void wireNamesReadBackAsTheirConstants() {
    Arrays.stream(RunStatus.values())
        .forEach(s -> assertThat(RunStatus.fromWire(s.wireName())).isSameAs(s));
    Arrays.stream(RunTrigger.values())
        .forEach(t -> assertThat(RunTrigger.fromWire(t.wireName())).isSameAs(t));
    Arrays.stream(Outcome.values())
        .forEach(o -> assertThat(Outcome.fromWire(o.wireName())).isSameAs(o));
  }

  private static <E> List<String> wireNames(E[] values, Function<E, String> wireName) {
    return Arrays.stream(values).map(wireName).toList();
  }

  /** The values of the one CHECK constraint on {@code table.column}, as the catalog holds it. */
  private static List<String> allowed(String table, String column) throws SQLException {
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT pg_get_constraintdef(k.oid)
                FROM pg_constraint k
                JOIN pg_class t ON t.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (k.conkey)
                WHERE k.contype = 'c' AND t.relname = ? AND a.attname = ?
                """)) {
      s.setString(1, table);
      s.setString(2, column);
      List<String> definitions = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          definitions.add(rs.getString(1));
        }
      }
      assertThat(definitions).as("CHECK constraints on %s.%s", table, column).hasSize(1);
      List<String> values = new ArrayList<>();
      Matcher m = QUOTED.matcher(definitions.get(0));
      while (m.find()) {
        values.add(m.group(1).replace("''", "'"));
      }
      assertThat(values).as(definitions.get(0)).isNotEmpty();
      return values;
    }
  }
}
