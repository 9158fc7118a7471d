package com.procurementcache.organization.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.problem.boundary.ProblemException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrganizationIdTest {

  @Test
  void canonicalUuidIsAccepted() {
    UUID id = UUID.randomUUID();

    assertThat(OrganizationsResource.parseOrganizationId(id.toString())).isEqualTo(id);
  }

  @Test
  void shortFormThatJavaWouldAcceptIsRefused() {
    assertThatThrownBy(() -> OrganizationsResource.parseOrganizationId("1-1-1-1-1"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("must be a UUID");
  }

  @Test
  void garbageIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> OrganizationsResource.parseOrganizationId("drop table"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("'drop table'");
  }
}
