package com.procurementcache.organization.entity;

import java.util.Objects;
import java.util.UUID;

/**
 * The id of an organization: a UUID in its canonical form. Every way in (a URL path, a request
 * body, a JMX operation) parses it here, so that they all accept and refuse the same text.
 *
 * @param uuid the id as the tables store it
 */
public record OrganizationId(UUID uuid) {

  public OrganizationId {
    Objects.requireNonNull(uuid, "an organization id is a UUID");
  }

  /**
   * {@code value} as an organization id.
   *
   * @throws IllegalArgumentException naming the value, if it is not a UUID in canonical form
   */
  public static OrganizationId parse(String value) {
    return new OrganizationId(canonicalUuid("Organization id", value));
  }

  /**
   * {@code value} as a UUID, refusing the short forms that {@link UUID#fromString} also accepts
   * (such as {@code 1-1-1-1-1}): only the canonical form identifies a row.
   *
   * @throws IllegalArgumentException saying that {@code what} must be a UUID
   */
  public static UUID canonicalUuid(String what, String value) {
    if (value != null) {
      try {
        UUID id = UUID.fromString(value);
        if (id.toString().equalsIgnoreCase(value)) {
          return id;
        }
      } catch (IllegalArgumentException e) {
        // fall through to the refusal below
      }
    }
    throw new IllegalArgumentException(what + " must be a UUID, got '" + value + "'.");
  }

  /** The canonical text, as in URLs and messages. */
  @Override
  public String toString() {
    return uuid.toString();
  }
}
