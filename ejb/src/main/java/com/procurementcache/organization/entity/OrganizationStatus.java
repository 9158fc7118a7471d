package com.procurementcache.organization.entity;

import com.procurementcache.schema.entity.StoredName;

/** Only active organizations are refreshed; inactive ones keep their last figures. */
public enum OrganizationStatus implements StoredName {
  ACTIVE("active"),
  INACTIVE("inactive");

  private final String wireName;

  OrganizationStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The value stored in {@code organizations.status}. */
  @Override
  public String wireName() {
    return wireName;
  }
}
