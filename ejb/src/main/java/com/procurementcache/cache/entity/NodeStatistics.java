package com.procurementcache.cache.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One node's cache counters per data type (by slug), as it last published them to the grid. */
public record NodeStatistics(
    String node, Instant publishedAt, Map<String, DataTypeStatistics> byDataType)
    implements Serializable {

  public NodeStatistics {
    Objects.requireNonNull(node, "statistics name their node");
    Objects.requireNonNull(publishedAt, "statistics say when");
    byDataType = Map.copyOf(byDataType);
  }
}
