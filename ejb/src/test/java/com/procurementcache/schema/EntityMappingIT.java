package com.procurementcache.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.invalidation.entity.CacheInvalidation;
import com.procurementcache.invoice.entity.Invoice;
import com.procurementcache.invoice.entity.InvoiceLine;
import com.procurementcache.organization.entity.Location;
import com.procurementcache.organization.entity.Organization;
import com.procurementcache.organization.entity.OrganizationStatus;
import com.procurementcache.organization.entity.Product;
import com.procurementcache.organization.entity.Supplier;
import com.procurementcache.preferences.entity.UserPreferences;
import com.procurementcache.refresh.entity.RefreshOutcome;
import com.procurementcache.refresh.entity.RefreshRun;
import com.procurementcache.schema.control.SchemaMigrations;
import com.procurementcache.webhook.entity.WebhookDelivery;
import com.procurementcache.webhook.entity.WebhookDeliveryAttempt;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The entities mirror the tables Flyway creates: Hibernate validates every mapping against the
 * migrated schema, and a round trip writes and reads each kind of row.
 */
class EntityMappingIT {

  static final List<Class<?>> ENTITIES =
      List.of(
          Organization.class,
          Location.class,
          Supplier.class,
          Product.class,
          Invoice.class,
          InvoiceLine.class,
          UserPreferences.class,
          RefreshRun.class,
          RefreshOutcome.class,
          CacheInvalidation.class,
          WebhookDelivery.class,
          WebhookDeliveryAttempt.class);

  private static ScratchDatabase database;
  private static SessionFactory sessions;

  @BeforeAll
  static void migrateAndValidate() throws Exception {
    database = ScratchDatabase.create("pc_it_entities");
    new SchemaMigrations(database.dataSource()).migrate();
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
    assertThat(sessions.getMetamodel().getEntities()).hasSize(ENTITIES.size());
  }

  @Test
  void sourceRowsRoundTrip() {
    UUID org = UUID.randomUUID();
    UUID location = UUID.randomUUID();
    UUID supplier = UUID.randomUUID();
    UUID product = UUID.randomUUID();
    UUID invoice = UUID.randomUUID();
    sessions.inTransaction(
        s -> {
          s.persist(new Organization(org, "Round Trip Bistro", OrganizationStatus.ACTIVE));
          s.persist(new Location(location, org, "Kitchen", "Aarhus"));
          s.persist(new Supplier(supplier, org, "Fresh Foods", "orders@example.test"));
          s.persist(new Product(product, org, "Tomatoes", "produce", "kg"));
          s.flush();
          s.persist(
              new Invoice(
                  invoice,
                  org,
                  supplier,
                  location,
                  "INV-1",
                  LocalDate.of(2026, 11, 1),
                  "paid",
                  new BigDecimal("24.69")));
          s.flush();
          s.persist(
              new InvoiceLine(
                  invoice, org, 1, product, new BigDecimal("2.500"), new BigDecimal("9.8765")));
          s.persist(new UserPreferences(org, "user-1", "{\"theme\":\"dark\"}"));
          s.persist(new CacheInvalidation(org, Instant.now(), "nightly_refresh"));
        });

    sessions.inSession(
        s -> {
          Organization read = s.find(Organization.class, org);
          assertThat(read.name()).isEqualTo("Round Trip Bistro");
          assertThat(read.isActive()).isTrue();
          InvoiceLine line =
              s.createQuery("from InvoiceLine where invoiceId = :id", InvoiceLine.class)
                  .setParameter("id", invoice)
                  .getSingleResult();
          assertThat(line.amount()).isEqualByComparingTo("24.69");
          UserPreferences prefs =
              s.find(UserPreferences.class, new UserPreferences.Key(org, "user-1"));
          assertThat(prefs.preferencesJson()).contains("dark");
        });
  }

  @Test
  void operationsRowsRoundTrip() {
    UUID org = UUID.randomUUID();
    UUID run = UUID.randomUUID();
    UUID delivery = UUID.randomUUID();
    Instant start = Instant.parse("2026-11-24T01:00:00Z");
    sessions.inTransaction(
        s -> {
          s.persist(new Organization(org, "Audit Cafe", OrganizationStatus.ACTIVE));
          s.persist(new RefreshRun(run, LocalDate.of(2026, 11, 24), "schedule", null, false, null));
          s.flush();
          s.persist(
              new RefreshOutcome(
                  run, org, "refreshed", 120, 1, "[]", null, start, start.plusSeconds(2)));
          s.persist(
              new WebhookDelivery(
                  delivery, "nightly_update_complete", run, "http://127.0.0.1:9/hook", "{}"));
          s.flush();
          s.persist(new WebhookDeliveryAttempt(delivery, 1, start, 500, null, 35));
        });

    sessions.inSession(
        s -> {
          RefreshRun read = s.find(RefreshRun.class, run);
          assertThat(read.status()).isEqualTo("pending");
          assertThat(read.scheduledNight()).isEqualTo(LocalDate.of(2026, 11, 24));
          RefreshOutcome outcome = s.find(RefreshOutcome.class, new RefreshOutcome.Key(run, org));
          assertThat(outcome.durationMs()).isEqualTo(2000);
          assertThat(s.find(WebhookDelivery.class, delivery).status()).isEqualTo("pending");
        });
  }
}
