package com.procurementcache.refresh.entity;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where one organization stands in one run, as the audit trail says.
 *
 * @param covered whether the run covers it: asked for by id, or active when the run covers every
 *     active organization (always true once it has an outcome)
 * @param outcome how it ended in the run; null while it has no outcome yet
 */
public record RunMembership(UUID organizationId, boolean covered, Outcome outcome) {

  public RunMembership {
    Objects.requireNonNull(organizationId, "a membership is an organization's");
    covered = covered || outcome != null;
  }

  public Optional<Outcome> ended() {
    return Optional.ofNullable(outcome);
  }
}
