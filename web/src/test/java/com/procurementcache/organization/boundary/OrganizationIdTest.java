package com.procurementcache.organization.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.problem.boundary.ProblemException;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrganizationIdTest {

  private final ParamConverter<OrganizationId> converter =
      new OrganizationIdParameter()
          .getConverter(OrganizationId.class, OrganizationId.class, new Annotation[0]);

  @Test
  void canonicalUuidIsAccepted() {
    UUID id = UUID.randomUUID();

    assertThat(converter.fromString(id.toString())).isEqualTo(new OrganizationId(id));
    assertThat(converter.toString(new OrganizationId(id))).isEqualTo(id.toString());
  }

  @Test
  void shortFormThatJavaWouldAcceptIsABadRequest() {
    assertThatThrownBy(() -> converter.fromString("1-1-1-1-1"))
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).getResponse().getStatus()).isEqualTo(400))
        .hasMessage("Organization id must be a UUID, got '1-1-1-1-1'.");
  }

  @Test
  void garbageIsABadRequestNamingTheValue() {
    // A converter that threw anything but the problem would make JAX-RS answer 404.
    assertThatThrownBy(() -> converter.fromString("drop table"))
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).getResponse().getStatus()).isEqualTo(400))
        .hasMessageContaining("'drop table'");
  }

  @Test
  void otherTypesAreLeftToOtherConverters() {
    assertThat(new OrganizationIdParameter().getConverter(UUID.class, UUID.class, null)).isNull();
  }
}
