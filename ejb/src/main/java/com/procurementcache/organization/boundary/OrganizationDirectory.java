package com.procurementcache.organization.boundary;

import com.procurementcache.organization.entity.Organization;
import com.procurementcache.organization.entity.OrganizationStatus;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The organizations this product serves, with how much data each holds. */
@Stateless
public class OrganizationDirectory {

  @PersistenceContext EntityManager em;

  public List<OrganizationSummary> all() {
    return em.createNamedQuery(Organization.ALL, Organization.class).getResultList().stream()
        .map(o -> new OrganizationSummary(o.id(), o.name(), o.status().wireName(), null))
        .toList();
  }

  /** Whether {@code id} is an organization of this product, active or not. */
  public boolean exists(UUID id) {
    return em.find(Organization.class, id) != null;
  }

  /** Whether {@code id} is an active organization, the only kind a refresh run takes. */
  public boolean active(UUID id) {
    Organization organization = em.find(Organization.class, id);
    return organization != null && organization.status() == OrganizationStatus.ACTIVE;
  }

  public Optional<OrganizationSummary> find(UUID id) {
    Organization organization = em.find(Organization.class, id);
    if (organization == null) {
      return Optional.empty();
    }
    // One round trip for the counts; the source tables are indexed by organization.
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    """
                    SELECT (SELECT count(*) FROM locations WHERE organization_id = ?1),
                           (SELECT count(*) FROM suppliers WHERE organization_id = ?1),
                           (SELECT count(*) FROM products WHERE organization_id = ?1),
                           (SELECT count(*) FROM invoices WHERE organization_id = ?1)
                    """)
                .setParameter(1, id)
                .getSingleResult();
    var counts =
        new OrganizationSummary.Counts(
            ((Number) row[0]).longValue(),
            ((Number) row[1]).longValue(),
            ((Number) row[2]).longValue(),
            ((Number) row[3]).longValue());
    return Optional.of(
        new OrganizationSummary(
            organization.id(), organization.name(), organization.status().wireName(), counts));
  }
}
