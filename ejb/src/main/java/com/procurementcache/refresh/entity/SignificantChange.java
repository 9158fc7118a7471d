package com.procurementcache.refresh.entity;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A key figure of an organization that moved by more than the change threshold in one refresh.
 * {@code changeRatio} is (current − previous) ÷ |previous|; null when previous was zero.
 */
public record SignificantChange(
    String figure, BigDecimal previous, BigDecimal current, BigDecimal changeRatio)
    implements Serializable {

  public SignificantChange {
    Objects.requireNonNull(figure, "a change names its figure");
    Objects.requireNonNull(current, "a change has a current value");
  }
}
