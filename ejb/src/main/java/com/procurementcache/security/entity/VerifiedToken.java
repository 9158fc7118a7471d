package com.procurementcache.security.entity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a verified bearer token says about its holder: an admin may read any organization, a viewer
 * only the one its {@value #ORGANIZATION_CLAIM} claim names.
 *
 * @param subject the token's {@code sub}
 * @param groups its {@code groups}
 * @param organization the organization its {@value #ORGANIZATION_CLAIM} claim names; null when it
 *     names none, or not a UUID
 * @param expiresAt when the token stops being accepted (its {@code exp}, or earlier under a
 *     configured token age, plus the allowed clock skew)
 */
public record VerifiedToken(
    String subject, Set<String> groups, UUID organization, Instant expiresAt) {

  /** The claim that names a viewer's organization (a UUID). */
  public static final String ORGANIZATION_CLAIM = "org_id";

  public static final String ADMIN = "admin";
  public static final String VIEWER = "viewer";

  public VerifiedToken {
    Objects.requireNonNull(subject, "a token names its subject");
    Objects.requireNonNull(expiresAt, "a token expires");
    groups = Set.copyOf(groups);
  }

  public boolean admin() {
    return groups.contains(ADMIN);
  }

  /** The organization the token names, if it names a well-formed one. */
  public Optional<UUID> ownOrganization() {
    return Optional.ofNullable(organization);
  }

  /** Whether the holder may read {@code organizationId}'s data (its existence aside). */
  public boolean mayRead(UUID organizationId) {
    return admin() || groups.contains(VIEWER) && organizationId.equals(organization);
  }
}
