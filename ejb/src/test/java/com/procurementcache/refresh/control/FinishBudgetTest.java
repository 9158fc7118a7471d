package com.procurementcache.refresh.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.refresh.control.FinishBudget.Allowance;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FinishBudgetTest {

  static final Instant START = Instant.parse("2026-07-01T00:00:00Z");
  static final Instant DEADLINE = START.plus(Duration.ofMinutes(30));

  static FinishBudget budget(int organizations, Optional<Duration> earlierMean) {
    return new FinishBudget(DEADLINE, organizations, earlierMean, 2, Duration.ofMinutes(2));
  }

  @Test
  void withoutAnyTimingItDoesNotKnowAndMayNotWait() {
    FinishBudget budget = budget(900, Optional.empty());

    assertThat(budget.timeToFinish()).isEmpty();
    assertThat(budget.allowance(START)).isEqualTo(Allowance.UNKNOWN);
  }

  @Test
  void anEarlierMeanGivesTheFirstEstimate() {
    FinishBudget budget = budget(900, Optional.of(Duration.ofMillis(100)));

    // 900 × 0.1 s × 2 + 2 min = 5 min
    assertThat(budget.timeToFinish()).contains(Duration.ofMinutes(5));
    assertThat(budget.allowance(START)).isEqualTo(Allowance.DEFER);
    // It waits while more than five minutes are left, and not at five.
    assertThat(budget.allowance(DEADLINE.minus(Duration.ofMinutes(5)).minusMillis(1)))
        .isEqualTo(Allowance.DEFER);
    assertThat(budget.allowance(DEADLINE.minus(Duration.ofMinutes(5)))).isEqualTo(Allowance.SPENT);
    assertThat(budget.allowance(DEADLINE.plusSeconds(1))).isEqualTo(Allowance.SPENT);
  }

  @Test
  void theRunsOwnMeanReplacesTheEarlierOneAndWaitsDoNotCount() {
    FinishBudget budget = budget(10, Optional.of(Duration.ofMillis(100)));
    budget.organizationDone(Duration.ofSeconds(20));
    budget.organizationDone(Duration.ofSeconds(40));

    assertThat(budget.meanPerOrganization()).contains(Duration.ofSeconds(30));
    // 8 left × 30 s × 2 + 2 min = 10 min
    assertThat(budget.timeToFinish()).contains(Duration.ofMinutes(10));
    Instant late = DEADLINE.minus(Duration.ofMinutes(10));
    assertThat(budget.allowance(late.minusSeconds(1))).isEqualTo(Allowance.DEFER);
    assertThat(budget.allowance(late)).isEqualTo(Allowance.SPENT);
  }

  @Test
  void withNothingLeftOnlyTheMarginRemains() {
    FinishBudget budget = budget(1, Optional.empty());
    budget.organizationDone(Duration.ofMinutes(3));

    assertThat(budget.timeToFinish()).contains(Duration.ofMinutes(2));
  }
}
