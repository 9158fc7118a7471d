package com.procurementcache.organization.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrganizationIdTest {

  @Test
  void parsesTheCanonicalFormInEitherCase() {
    UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    assertThat(OrganizationId.parse("0f8fad5b-d9cb-469f-a165-70867728950e").uuid()).isEqualTo(id);
    assertThat(OrganizationId.parse("0F8FAD5B-D9CB-469F-A165-70867728950E").uuid()).isEqualTo(id);
    assertThat(OrganizationId.parse(id.toString())).hasToString(id.toString());
  }

  @Test
  void refusesShortFormsGarbageAndNothingNamingTheValue() {
    assertThatThrownBy(() -> OrganizationId.parse("1-1-1-1-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Organization id must be a UUID, got '1-1-1-1-1'.");
    assertThatThrownBy(() -> OrganizationId.parse("drop table"))
        .hasMessageContaining("'drop table'");
    assertThatThrownBy(() -> OrganizationId.parse(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OrganizationId(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void canonicalUuidNamesWhatItParses() {
    assertThatThrownBy(() -> OrganizationId.canonicalUuid("Run id", "x"))
        .hasMessage("Run id must be a UUID, got 'x'.");
  }
}
