package com.procurementcache.organization.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.UUID;

/** A supplier an organization buys from. */
@Entity
@Table(name = "suppliers")
@NamedQuery(
    name = Supplier.OF_ORGANIZATION,
    query = "SELECT x FROM Supplier x WHERE x.organizationId = :organizationId ORDER BY x.name")
public class Supplier extends MasterData {

  public static final String OF_ORGANIZATION = "Supplier.ofOrganization";

  private String email;

  protected Supplier() {}

  public Supplier(UUID id, UUID organizationId, String name, String email) {
    super(id, organizationId, name);
    this.email = email;
  }

  public String email() {
    return email;
  }
}
