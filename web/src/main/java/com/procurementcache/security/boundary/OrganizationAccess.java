package com.procurementcache.security.boundary;

import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.problem.boundary.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may read which organization: an admin any, a viewer only the one its token names in the
 * {@value #ORGANIZATION_CLAIM} claim.
 */
@RequestScoped
public class OrganizationAccess {

  /** The claim that names the viewer's organization (a UUID). */
  public static final String ORGANIZATION_CLAIM = "org_id";

  public static final String ADMIN = "admin";
  public static final String VIEWER = "viewer";

  @Inject JsonWebToken token;

  public boolean mayRead(OrganizationId organization) {
    if (isAdmin()) {
      return true;
    }
    return token.getGroups().contains(VIEWER)
        && ownOrganization().filter(organization.uuid()::equals).isPresent();
  }

  /**
   * Refuses a token that may not read {@code organization}.
   *
   * @throws ProblemException (403) naming the organization
   */
  public void requireRead(OrganizationId organization) {
    if (!mayRead(organization)) {
      throw ProblemException.forbidden(
          "This token may not read organization " + organization + ".");
    }
  }

  public boolean isAdmin() {
    return token.getGroups().contains(ADMIN);
  }

  /** The organization the token names, if it names a well-formed one. */
  public Optional<UUID> ownOrganization() {
    Object claim = token.getClaim(ORGANIZATION_CLAIM);
    if (claim == null) {
      return Optional.empty();
    }
    String value = claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString();
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String subject() {
    return token.getSubject();
  }
}
