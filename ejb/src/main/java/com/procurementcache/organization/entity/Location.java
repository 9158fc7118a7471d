package com.procurementcache.organization.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.UUID;

/** A place of an organization where goods are delivered and used. */
@Entity
@Table(name = "locations")
@NamedQuery(
    name = Location.OF_ORGANIZATION,
    query = "SELECT x FROM Location x WHERE x.organizationId = :organizationId ORDER BY x.name")
public class Location extends MasterData {

  public static final String OF_ORGANIZATION = "Location.ofOrganization";

  private String city;

  protected Location() {}

  public Location(UUID id, UUID organizationId, String name, String city) {
    super(id, organizationId, name);
    this.city = city;
  }

  public String city() {
    return city;
  }
}
