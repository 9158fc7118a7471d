package com.procurementcache.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.demo.control.TokenIssuer;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that talks HTTP, from outside, to one node, with tokens signed by the suite's key; a
 * subclass names the deployment ({@link PackagedWarClient}: the packaged WAR). It holds no data:
 * each test class makes its own organizations.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class WarClient {

  protected static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  protected static TokenIssuer issuer;

  @ArquillianResource protected URL base;

  /** Runs before the subclass's own {@code @BeforeAll}, so its data set-up may issue tokens. */
  @BeforeAll
  static void loadSigningKey() {
    issuer = TestEnvironment.tokens();
  }

  protected static String admin() {
    return issuer.admin("admin", FIVE_MINUTES);
  }

  /**
   * An error leaves as {@code application/problem+json} with its status and a title, and tells
   * nothing of the code or the database behind it.
   */
  protected static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(Http.contentType(response)).startsWith("application/problem+json");
    JsonObject problem = Http.json(response).asJsonObject();
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(response.body())
        .doesNotContain("Exception", "at com.", "at org.", "procurementcache", "SQL");
  }
}
