package com.procurementcache.organization.boundary;

import java.util.UUID;

/** An organization as the API shows it; {@code counts} only when asked for one organization. */
public record OrganizationSummary(UUID id, String name, String status, Counts counts) {

  /** How many master-data and invoice rows the organization holds. */
  public record Counts(long locations, long suppliers, long products, long invoices) {}
}
