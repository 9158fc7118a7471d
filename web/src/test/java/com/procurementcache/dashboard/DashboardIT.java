package com.procurementcache.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.it.Browser;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.TestOrganization;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dashboard in a real browser, against a node with the packaged WAR. */
class DashboardIT extends PackagedWarClient {

  @RegisterExtension static final Browser browser = new Browser(DashboardIT.class);

  private static UUID own;

  @BeforeAll
  static void organizations() throws SQLException {
    own = TestOrganization.active("Dashboard own").id();
  }

  @Test
  void theNodesPageOpensInTheBrowser() {
    browser.open(base, issuer.viewer("viewer", own, FIVE_MINUTES));

    browser.await(
        "the page loaded", d -> "complete".equals(browser.script("return document.readyState")));
    assertThat(browser.driver().getCurrentUrl()).startsWith(base.toString());
    assertThat(browser.visible("body").getText()).isNotBlank();
    assertThat(browser.screenshot("smoke")).exists();
  }
}
