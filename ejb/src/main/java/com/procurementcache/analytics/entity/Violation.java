package com.procurementcache.analytics.entity;

import java.util.Objects;

/**
 * A rule that an organization's freshly computed analytics break. {@code kind} is one of {@link
 * #INTEGRITY} (the figures do not reconcile with each other or with the source), {@link #BUSINESS}
 * (negative spend, rows pointing at another organization's or a missing product, supplier or
 * location) or {@link #ANOMALY} (implausible but possible figures); {@code rule} names the rule
 * (kebab-case, see {@code analytics_validate_organization} in {@code R__validate.sql}); {@code
 * detail} says what was found, for logs and the refresh audit trail.
 */
public record Violation(String kind, String rule, String detail) {

  public static final String INTEGRITY = "integrity";
  public static final String BUSINESS = "business";
  public static final String ANOMALY = "anomaly";

  public Violation {
    Objects.requireNonNull(kind, "a violation has a kind");
    Objects.requireNonNull(rule, "a violation names its rule");
  }
}
