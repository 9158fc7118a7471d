package com.procurementcache.cache.entity;

import java.util.Objects;

/** A value and how it was obtained. */
public record Served(CachedValue value, CacheOutcome outcome) {

  public Served {
    Objects.requireNonNull(value, "something is served");
    Objects.requireNonNull(outcome, "served somehow");
  }
}
