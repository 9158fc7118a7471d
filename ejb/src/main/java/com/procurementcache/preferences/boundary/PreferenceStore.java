package com.procurementcache.preferences.boundary;

import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.control.CacheVersions;
import com.procurementcache.cache.control.TieredCache;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.Served;
import com.procurementcache.organization.entity.Organization;
import com.procurementcache.preferences.control.PreferencesDocument;
import com.procurementcache.preferences.entity.UserPreferences;
import com.procurementcache.push.control.ChangeLog;
import com.procurementcache.push.entity.ChangeReason;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Users' preferences: read through the cache (tier {@code user-preferences}), written to PostgreSQL
 * and evicted from the cache once the write has committed. A user who never saved any has the empty
 * object, version 0.
 */
@Stateless
public class PreferenceStore {

  @PersistenceContext EntityManager em;

  @Inject TieredCache cache;

  @Inject CacheVersions versions;

  @Inject Event<PreferencesChanged> changed;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "preferences.max-bytes")
  int maxBytes;

  /** The user's preferences; empty if the organization does not exist. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<Served> read(UUID organization, String user) {
    return cache.serve(
        DataType.USER_PREFERENCES,
        key(organization, user),
        versions.floor(organization, DataType.USER_PREFERENCES),
        () -> load(organization, user));
  }

  /**
   * {@code body} as the document stored: one JSON object of at most {@code preferences.max-bytes}
   * bytes.
   *
   * @throws InvalidPreferences saying what is wrong with it
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public String validated(String body) {
    try {
      return PreferencesDocument.validate(body, maxBytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidPreferences(e.getMessage());
    }
  }

  /**
   * Replaces the user's preferences with {@code body} (a JSON object), if their version is still
   * {@code expectedVersion} when one is given.
   *
   * @throws InvalidPreferences if the body is not a JSON object within the size limit
   * @throws PreferencesConflict if the version moved on
   * @throws UnknownOrganization if the organization does not exist
   * @return the stored preferences
   */
  public CachedValue replace(
      UUID organization, String user, String body, OptionalLong expectedVersion) {
    String document = validated(body);
    if (em.find(Organization.class, organization) == null) {
      throw new UnknownOrganization("No organization " + organization + ".");
    }
    takeTurn(organization, user);
    UserPreferences preferences =
        em.find(
            UserPreferences.class,
            new UserPreferences.Key(organization, user),
            LockModeType.OPTIMISTIC);
    long current = preferences == null ? 0 : apiVersion(preferences);
    if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current) {
      throw new PreferencesConflict(
          "The preferences are at version "
              + current
              + ", not "
              + expectedVersion.getAsLong()
              + ".");
    }
    if (preferences == null) {
      preferences = new UserPreferences(organization, user, document);
      em.persist(preferences);
    } else {
      preferences.replace(document);
    }
    em.flush();
    // Commits with the write: every node learns of it from the change log (docs/push.md).
    ChangeLog.record(
        em, organization, ChangeReason.PREFERENCES, List.of(DataType.USER_PREFERENCES));
    changed.fire(new PreferencesChanged(organization, user));
    return CachedValue.single(
        apiVersion(preferences), preferences.updatedAt(), clock.instant(), document);
  }

  /**
   * Makes the writers of one user's preferences take turns, until this transaction ends: each then
   * reads the version the one before it committed, so that writes without If-Match win one after
   * the other (the last one stays) instead of failing on the row's optimistic lock, and the first
   * write of a user is inserted once. A transaction-scoped advisory lock, because before the first
   * write there is no row to lock.
   */
  private void takeTurn(UUID organization, String user) {
    em.createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(hashtextextended(?1, 0))")
        .setParameter(1, "user-preferences/" + key(organization, user))
        .getSingleResult();
  }

  private Optional<CachedValue> load(UUID organization, String user) {
    if (em.find(Organization.class, organization) == null) {
      return Optional.empty();
    }
    UserPreferences preferences =
        em.find(UserPreferences.class, new UserPreferences.Key(organization, user));
    Instant now = clock.instant();
    if (preferences == null) {
      return Optional.of(CachedValue.single(0, null, now, "{}"));
    }
    return Optional.of(
        CachedValue.single(
            apiVersion(preferences), preferences.updatedAt(), now, preferences.preferencesJson()));
  }

  /**
   * The version clients see: 0 means "never saved", so a stored row (whose row version starts at 0)
   * is one more than its row version.
   */
  private static long apiVersion(UserPreferences preferences) {
    return preferences.version() + 1;
  }

  /** Organization first: every cache key starts with the organization. */
  static String key(UUID organization, String user) {
    return organization + "/" + user;
  }
}
