package com.procurementcache.refresh.control;

import com.procurementcache.refresh.entity.SignificantChange;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares an organization's key figures before and after a refresh. */
public final class ChangeDetector {

  private ChangeDetector() {}

  /**
   * The figures that moved by more than {@code threshold} (relative to the previous value). A
   * figure that was zero and no longer is counts as significant, with no ratio. Nothing is
   * significant on an organization's first refresh (no previous figures).
   */
  public static List<SignificantChange> significant(
      Map<String, BigDecimal> before, Map<String, BigDecimal> after, BigDecimal threshold) {
    List<SignificantChange> changes = new ArrayList<>();
    after.forEach(
        (figure, current) -> {
          BigDecimal previous = before.get(figure);
          if (previous == null || current == null) {
            return;
          }
          if (previous.signum() == 0) {
            if (current.signum() != 0) {
              changes.add(new SignificantChange(figure, previous, current, null));
            }
            return;
          }
          BigDecimal ratio =
              current.subtract(previous).divide(previous.abs(), MathContext.DECIMAL64);
          if (ratio.abs().compareTo(threshold) > 0) {
            changes.add(new SignificantChange(figure, previous, current, ratio));
          }
        });
    return changes;
  }

  /** The changes larger than {@code maxChange} (a factor: 10 = 1,000 %): anomalies. */
  public static List<SignificantChange> anomalies(
      List<SignificantChange> changes, BigDecimal maxChange) {
    return changes.stream()
        .filter(c -> c.changeRatio() != null && c.changeRatio().abs().compareTo(maxChange) > 0)
        .toList();
  }
}
