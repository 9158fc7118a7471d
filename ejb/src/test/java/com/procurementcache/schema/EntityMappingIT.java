package com.procurementcache.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.procurementcache.organization.entity.Organization;
import com.procurementcache.organization.entity.OrganizationStatus;
import com.procurementcache.preferences.entity.UserPreferences;
import jakarta.persistence.OptimisticLockException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JPA entities — the tables written and read as entities (ADR 0005) — mirror the tables Flyway
 * creates: Hibernate validates every mapping and named query against the migrated schema, and a
 * round trip writes and reads each kind of row.
 */
class EntityMappingIT {

  static final List<Class<?>> ENTITIES = List.of(Organization.class, UserPreferences.class);

  private static ScratchDatabase database;
  private static SessionFactory sessions;

  @BeforeAll
  static void migrateAndValidate() throws Exception {
    database = ScratchDatabase.createMigrated("pc_it_entities");
    Configuration configuration = new Configuration();
    ENTITIES.forEach(configuration::addAnnotatedClass);
    configuration.setProperty("hibernate.connection.url", database.url());
    configuration.setProperty("hibernate.connection.username", ScratchDatabase.user());
    configuration.setProperty("hibernate.connection.password", ScratchDatabase.password());
    configuration.setProperty("hibernate.hbm2ddl.auto", "validate");
    configuration.setProperty("hibernate.jdbc.time_zone", "UTC");
    sessions = configuration.buildSessionFactory();
  }

  @AfterAll
  static void drop() throws Exception {
    if (sessions != null) {
      sessions.close();
    }
    database.close();
  }

  @Test
  void everyEntityValidatesAgainstTheMigratedSchema() {
    assertThat(sessions.getMetamodel().getEntities())
        .<Class<?>>extracting(e -> e.getJavaType())
        .containsExactlyInAnyOrderElementsOf(ENTITIES);
  }

  @Test
  void directoryRowsRoundTrip() {
    UUID active = UUID.randomUUID();
    UUID inactive = UUID.randomUUID();
    sessions.inTransaction(
        s -> {
          s.persist(new Organization(active, "Round Trip Bistro", OrganizationStatus.ACTIVE));
          s.persist(new Organization(inactive, "Closed Canteen", OrganizationStatus.INACTIVE));
        });

    sessions.inSession(
        s -> {
          Organization read = s.find(Organization.class, active);
          assertThat(read.name()).isEqualTo("Round Trip Bistro");
          assertThat(read.isActive()).isTrue();
          assertThat(s.find(Organization.class, inactive).status())
              .isEqualTo(OrganizationStatus.INACTIVE);
          assertThat(
                  s.createNamedQuery(Organization.ACTIVE, Organization.class)
                      .setParameter("status", OrganizationStatus.INACTIVE)
                      .getResultList())
              .extracting(Organization::id)
              .contains(inactive)
              .doesNotContain(active);
        });
  }

  @Test
  void preferencesRoundTripAndAStaleWriteIsRefused() {
    UUID org = UUID.randomUUID();
    UserPreferences.Key key = new UserPreferences.Key(org, "user-1");
    sessions.inTransaction(
        s -> {
          s.persist(new Organization(org, "Preference Pantry", OrganizationStatus.ACTIVE));
          s.flush();
          s.persist(new UserPreferences(org, "user-1", "{\"theme\":\"dark\"}"));
        });

    try (Session first = sessions.openSession();
        Session second = sessions.openSession()) {
      UserPreferences seenByFirst = first.find(UserPreferences.class, key);
      UserPreferences seenBySecond = second.find(UserPreferences.class, key);
      assertThat(seenByFirst.preferencesJson()).contains("dark");

      first.beginTransaction();
      seenByFirst.replace("{\"theme\":\"light\"}");
      first.getTransaction().commit();

      second.beginTransaction();
      seenBySecond.replace("{\"theme\":\"sepia\"}");
      Throwable refused = catchThrowable(() -> second.getTransaction().commit());
      assertThat(causes(refused))
          .as("the stale write fails on the version column")
          .anyMatch(t -> t instanceof OptimisticLockException || t instanceof StaleStateException);
    }

    sessions.inSession(
        s -> {
          UserPreferences read = s.find(UserPreferences.class, key);
          assertThat(read.preferencesJson()).contains("light");
          assertThat(read.version()).isEqualTo(1);
        });
  }

  private static List<Throwable> causes(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
