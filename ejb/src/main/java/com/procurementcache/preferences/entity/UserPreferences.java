package com.procurementcache.preferences.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One user's preferences within one organization, as a JSON document the client owns. */
@Entity
@Table(name = "user_preferences")
public class UserPreferences {

  @EmbeddedId private Key key;

  @Column(nullable = false, columnDefinition = "jsonb")
  @ColumnTransformer(write = "?::jsonb")
  private String preferences;

  @Version
  @Column(nullable = false)
  private long version;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected UserPreferences() {}

  public UserPreferences(UUID organizationId, String userId, String preferencesJson) {
    this.key = new Key(organizationId, userId);
    replace(preferencesJson);
  }

  /** Replaces the whole document; the caller has validated it as a JSON object. */
  public void replace(String preferencesJson) {
    this.preferences = Objects.requireNonNull(preferencesJson, "preferences are a JSON object");
    this.updatedAt = Instant.now();
  }

  public UUID organizationId() {
    return key.organizationId;
  }

  public String userId() {
    return key.userId;
  }

  public String preferencesJson() {
    return preferences;
  }

  public long version() {
    return version;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** Organization and user (the token's subject). */
  @Embeddable
  public static class Key implements Serializable {

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(name = "user_id", nullable = false)
    private String userId;

    protected Key() {}

    public Key(UUID organizationId, String userId) {
      this.organizationId =
          Objects.requireNonNull(organizationId, "preferences belong to an organization");
      this.userId = Objects.requireNonNull(userId, "preferences belong to a user");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k
          && organizationId.equals(k.organizationId)
          && userId.equals(k.userId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(organizationId, userId);
    }
  }
}
