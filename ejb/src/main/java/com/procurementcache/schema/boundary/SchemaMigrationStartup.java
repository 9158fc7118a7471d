package com.procurementcache.schema.boundary;

import com.procurementcache.schema.control.SchemaMigrations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brings the schema up to date when the application starts, before anything reads it.
 *
 * <p>Bean-managed transactions: Flyway commits each migration itself, which a container transaction
 * around {@code @PostConstruct} would forbid.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrationStartup {

  private static final Logger LOG = Logger.getLogger(SchemaMigrationStartup.class.getName());

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Inject
  @ConfigProperty(name = "db.migrate-on-start")
  boolean migrateOnStart;

  @PostConstruct
  void migrate() {
    if (!migrateOnStart) {
      LOG.info("Schema migration on start is off (db.migrate-on-start=false)");
      return;
    }
    int applied = new SchemaMigrations(dataSource).migrate();
    LOG.info(() -> "Schema migrations applied on start: " + applied);
  }
}
