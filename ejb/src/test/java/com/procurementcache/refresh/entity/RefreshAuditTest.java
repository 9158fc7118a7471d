package com.procurementcache.refresh.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefreshAuditTest {

  private static final Instant START = Instant.parse("2026-11-24T01:00:00Z");

  @Test
  void scheduledRunMustNameItsNight() {
    assertThatThrownBy(() -> new RefreshRun(UUID.randomUUID(), null, "schedule", null, false, null))
        .hasMessageContaining("names its night");
  }

  @Test
  void unknownTriggerIsRefused() {
    assertThatThrownBy(() -> new RefreshRun(UUID.randomUUID(), null, "cron", null, false, null))
        .hasMessageContaining("trigger");
  }

  @Test
  void newRunIsPendingAndKeepsItsOwnCopyOfTheOrganizations() {
    UUID asked = UUID.randomUUID();
    UUID[] organizations = {asked};
    RefreshRun run =
        new RefreshRun(
            UUID.randomUUID(), LocalDate.of(2026, 11, 24), "schedule", null, true, organizations);
    organizations[0] = UUID.randomUUID();

    assertThat(run.status()).isEqualTo("pending");
    assertThat(run.forced()).isTrue();
    assertThat(run.organizationIds()).hasValue(java.util.List.of(asked));
  }

  @Test
  void outcomeDurationComesFromItsStartAndEnd() {
    RefreshOutcome outcome =
        new RefreshOutcome(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "refreshed",
            10,
            0,
            null,
            null,
            START,
            START.plusMillis(1500));

    assertThat(outcome.durationMs()).isEqualTo(1500);
  }

  @Test
  void outcomeCannotEndBeforeItStarts() {
    assertThatThrownBy(
            () ->
                new RefreshOutcome(
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    "refreshed",
                    0,
                    0,
                    null,
                    null,
                    START,
                    START.minusSeconds(1)))
        .hasMessageContaining("ends after it starts");
  }

  @Test
  void unknownOutcomeIsRefused() {
    assertThatThrownBy(
            () ->
                new RefreshOutcome(
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    "skipped",
                    0,
                    0,
                    null,
                    null,
                    START,
                    START))
        .hasMessageContaining("outcome is one of");
  }
}
