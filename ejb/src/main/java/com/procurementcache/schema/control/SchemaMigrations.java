package com.procurementcache.schema.control;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The Flyway migrations of {@code sql/}, packed in this module: the versioned ones of {@code
 * sql/migration} (tables and their history, under {@code db/migration}) and the repeatable ones of
 * {@code sql/functions} (the SQL functions, each defined in one file and re-applied after the
 * versioned ones whenever it changes, under {@code db/functions}). Plain Java so that the
 * application, the local run command and the tests apply the very same scripts the same way.
 */
public class SchemaMigrations {

  static final String VERSIONED = "classpath:db/migration";
  static final String REPEATABLE = "classpath:db/functions";

  private final Flyway flyway;

  public SchemaMigrations(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "a data source to migrate");
    // The class loader that holds the scripts: in an EAR, Flyway sits in lib/ and cannot see
    // the EJB module's resources through its own loader.
    this.flyway =
        Flyway.configure(SchemaMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(VERSIONED, REPEATABLE)
            .failOnMissingLocations(true)
            .load();
  }

  /** Applies every pending migration; returns how many were applied. */
  public int migrate() {
    MigrateResult result = flyway.migrate();
    return result.migrationsExecuted;
  }

  /** The state of the schema as the packed migrations see it. */
  public Status status() {
    MigrationInfo[] all = flyway.info().all();
    int applied = 0;
    int pending = 0;
    int failed = 0;
    String current = null;
    for (MigrationInfo info : all) {
      MigrationState state = info.getState();
      if (state.isFailed()) {
        failed++;
      } else if (state == MigrationState.PENDING) {
        pending++;
      } else if (state.isApplied()) {
        applied++;
        if (info.getVersion() != null) {
          current = info.getVersion().getVersion();
        }
      }
    }
    return new Status(current, applied, pending, failed);
  }

  /** How far the database schema is: current version and counts of migrations by state. */
  public record Status(String currentVersion, int applied, int pending, int failed) {

    /** Up to date: something applied, nothing pending, nothing failed. */
    public boolean upToDate() {
      return applied > 0 && pending == 0 && failed == 0;
    }
  }
}
