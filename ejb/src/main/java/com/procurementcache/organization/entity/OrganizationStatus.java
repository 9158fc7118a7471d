package com.procurementcache.organization.entity;

/** Only active organizations are refreshed; inactive ones keep their last figures. */
public enum OrganizationStatus {
  ACTIVE("active"),
  INACTIVE("inactive");

  private final String column;

  OrganizationStatus(String column) {
    this.column = column;
  }

  /** The value stored in {@code organizations.status}. */
  public String column() {
    return column;
  }

  public static OrganizationStatus fromColumn(String value) {
    for (OrganizationStatus status : values()) {
      if (status.column.equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown organization status: " + value);
  }
}
