package com.procurementcache.security.boundary;

import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.problem.boundary.ProblemException;
import com.procurementcache.security.entity.VerifiedToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAuthorizedException;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may read which organization: an admin any, a viewer only the one its token names in the
 * {@value #ORGANIZATION_CLAIM} claim. The caller is the request's verified token ({@link Callers}).
 */
@RequestScoped
public class OrganizationAccess {

  /** The claim that names the viewer's organization (a UUID). */
  public static final String ORGANIZATION_CLAIM = VerifiedToken.ORGANIZATION_CLAIM;

  public static final String ADMIN = VerifiedToken.ADMIN;
  public static final String VIEWER = VerifiedToken.VIEWER;

  @Inject HttpServletRequest request;

  public boolean mayRead(OrganizationId organization) {
    return caller().mayRead(organization.uuid());
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
    return caller().admin();
  }

  /** The organization the token names, if it names a well-formed one. */
  public Optional<UUID> ownOrganization() {
    return caller().ownOrganization();
  }

  public String subject() {
    return caller().subject();
  }

  private VerifiedToken caller() {
    return Callers.of(request).orElseThrow(() -> new NotAuthorizedException(Callers.CHALLENGE));
  }
}
