package com.procurementcache.refresh.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.procurementcache.problem.boundary.ProblemException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunRequestTest {

  @Test
  void anEmptyBodyRefreshesEveryActiveOrganizationUnforced() {
    assertThat(RefreshRunsResource.parse(null, 10))
        .isEqualTo(new RefreshRunsResource.RunRequest(List.of(), false));
    assertThat(RefreshRunsResource.parse(" ", 10))
        .isEqualTo(new RefreshRunsResource.RunRequest(List.of(), false));
  }

  @Test
  void readsOrganizationsAndForce() {
    UUID id = UUID.randomUUID();
    var request =
        RefreshRunsResource.parse("{\"organizationIds\": [\"" + id + "\"], \"force\": true}", 10);
    assertThat(request.organizationIds()).containsExactly(id);
    assertThat(request.force()).isTrue();
  }

  @Test
  void refusesWhatIsNotTheDocumentedShape() {
    for (String body :
        List.of(
            "[]",
            "not json",
            "{\"force\": \"yes\"}",
            "{\"organizationIds\": \"all\"}",
            "{\"organizationIds\": [1]}",
            "{\"organizationIds\": [\"1-1-1-1-1\"]}",
            "{\"forced\": true}",
            "{\"force\":".repeat(1100) + "true" + "}".repeat(1100))) {
      assertThatThrownBy(() -> RefreshRunsResource.parse(body, 10))
          .as(body)
          .isInstanceOf(ProblemException.class)
          .satisfies(
              e -> assertThat(((ProblemException) e).getResponse().getStatus()).isEqualTo(400));
    }
  }

  @Test
  void refusesMoreOrganizationsThanTheLimit() {
    String two =
        "{\"organizationIds\": [\"" + UUID.randomUUID() + "\", \"" + UUID.randomUUID() + "\"]}";
    assertThat(RefreshRunsResource.parse(two, 2).organizationIds()).hasSize(2);
    assertThatThrownBy(() -> RefreshRunsResource.parse(two, 1))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("at most 1 are accepted");
  }

  @Test
  void limitsMustBeWholeNumbersInRange() {
    assertThat(RefreshRunsResource.number("limit", "100", 1, 100)).isEqualTo(100);
    assertThatThrownBy(() -> RefreshRunsResource.number("limit", "101", 1, 100))
        .hasMessageContaining("'limit' must be a whole number from 1 to 100");
    assertThatThrownBy(() -> RefreshRunsResource.number("offset", "-1", 0, 10))
        .isInstanceOf(ProblemException.class);
  }
}
