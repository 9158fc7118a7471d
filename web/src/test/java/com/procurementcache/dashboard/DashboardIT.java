package com.procurementcache.dashboard;

import static com.procurementcache.dashboard.DashboardApi.number;
import static com.procurementcache.dashboard.DashboardApi.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.Browser;
import com.procurementcache.it.Metrics;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import com.procurementcache.refresh.control.OrganizationRefresher;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser against a node with the packaged WAR, signed in by a link with
 * the token in its fragment: what it shows must be what the API serves, a refresh must show as it
 * runs and when it is done, and a viewer must see nothing of another organization.
 */
class DashboardIT extends PackagedWarClient {

  @RegisterExtension static final Browser browser = new Browser(DashboardIT.class);

  /** The refresh's {@code refresh.change-threshold}: a figure that moved more is significant. */
  private static final BigDecimal THRESHOLD = new BigDecimal("0.05");

  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);

  private static TestOrganization shownRows;
  private static UUID shown;
  private static UUID refreshed;
  private static UUID refetched;
  private static UUID foreign;
  private static String shownName;
  private static String foreignName;
  private static boolean firstRefreshDone;

  private DashboardApi api;

  @BeforeAll
  static void organizations() throws SQLException {
    shownName = "Dashboard shown " + SUFFIX;
    foreignName = "Dashboard foreign " + SUFFIX;
    shownRows = TestOrganization.active(shownName);
    shown = shownRows.id();
    refreshed = TestOrganization.active("Dashboard refreshed " + SUFFIX).id();
    refetched = TestOrganization.active("Dashboard refetched " + SUFFIX).id();
    foreign = TestOrganization.active(foreignName).id();
  }

  /** The first refresh of the class's organizations, once: before it they have no figures. */
  @BeforeEach
  void figures() {
    api = new DashboardApi(base, PackagedWarClient::admin);
    if (!firstRefreshDone) {
      api.refresh(List.of(shown, refreshed, refetched, foreign));
      firstRefreshDone = true;
    }
  }

  @Test
  void theOverviewShowsTheOrganizationAndItsKeyFiguresAsTheApiServesThem() {
    JsonObject dashboard = api.dashboard(shown);
    JsonObject data = dashboard.getJsonObject("data");
    // The API itself agrees with the test's own rows.
    assertThat(data.getJsonNumber("invoiceCount").longValue())
        .isEqualTo(shownRows.countedInvoices());

    openAsViewer(shown);

    assertOrganizationName(shown, shownName);
    assertFigures(dashboard, api.priceAlerts(shown));
    WebElement version = browser.visible("#data-version");
    assertThat(version.getDomAttribute("data-version"))
        .isEqualTo(String.valueOf(version(dashboard)));
    assertThat(version.getText()).isEqualTo("Version " + version(dashboard));
    assertThat(browser.visible("#freshness").getText()).startsWith("Updated ");
    // The token went from the address bar into the tab's session.
    assertThat(browser.driver().getCurrentUrl()).doesNotContain("token");
    assertThat(browser.script("return sessionStorage.getItem('procurement-cache.token')"))
        .isNotNull();
    browser.screenshot("overview");
  }

  @Test
  void aForcedRefreshShowsItsProgressThenTheNoticeOfItsSignificantChangesInEveryTab()
      throws SQLException {
    openAsViewer(refreshed);
    String first = browser.tab();
    String token = viewer(refreshed);
    String second = browser.openTab(base, token);
    figuresShown();
    browser.switchTo(first);
    figuresShown();
    // Tabs of one token share the leader tab's socket.
    await("one push session for the two tabs")
        .atMost(Duration.ofSeconds(15))
        .until(() -> Metrics.total(base, "push_sessions"), n -> n == 1.0);
    Map<String, BigDecimal> before = api.keyFigures(refreshed);
    SourceRows.addPaidInvoice(refreshed, new BigDecimal("500.00"));

    try (Connection lock = TestEnvironment.database().connect()) {
      long key = OrganizationRefresher.lockKey(refreshed);
      // The refresh takes the organization's lock first and waits for it (up to the shipped
      // refresh.lock-timeout of 10 s): long enough to see the page say so.
      call(lock, "SELECT pg_advisory_lock(?)", key);
      String run;
      try {
        run = api.startRun(List.of(refreshed));
        WebElement progress = browser.withAttribute("#refresh-progress", "data-state", "updating");
        assertThat(progress.isDisplayed()).isTrue();
        assertThat(progress.getText()).isNotBlank();
        browser.screenshot("progress");
      } finally {
        call(lock, "SELECT pg_advisory_unlock(?)", key);
      }
      api.awaitRun(run);
    }

    Map<String, BigDecimal> after = api.keyFigures(refreshed);
    assertThat(after.get("spend_last_30_days"))
        .isEqualByComparingTo(before.get("spend_last_30_days").add(new BigDecimal("500.00")));
    List<String> significant = significantChanges(before, after);
    assertThat(significant)
        .contains("spend_last_30_days", "invoice_count")
        .doesNotContain("active_supplier_count");
    for (String tab : List.of(first, second)) {
      browser.switchTo(tab);
      // The run has ended: the page no longer says it is updating.
      browser.withAttribute("#refresh-progress", "data-state", "completed");
      WebElement notice = browser.visible("#refresh-notice");
      assertThat(notice.getText()).contains("Data has been refreshed with the latest information");
      assertThat(browser.all("#refresh-notice li")).hasSize(significant.size());
      assertThat(browser.visible("#refresh-now").getText()).isEqualTo("Refresh Now");
      browser.withAttribute("[data-figure='spend-last-30-days']", "data-changed", "up");
      browser.withAttribute("[data-figure='invoices']", "data-changed", "up");
      assertThat(
              browser.visible("[data-figure='active-suppliers']").getDomAttribute("data-changed"))
          .as("an unchanged figure")
          .isNull();
      browser.screenshot(tab.equals(first) ? "notice" : "second-tab");
    }
  }

  @Test
  void refreshNowShowsTheNewVersionAndItsFigures() throws SQLException {
    openAsViewer(refetched);
    figuresShown();
    long versionBefore = version(api.dashboard(refetched));
    assertThat(browser.visible("#data-version").getDomAttribute("data-version"))
        .isEqualTo(String.valueOf(versionBefore));
    BigDecimal spendBefore = api.keyFigures(refetched).get("spend_last_30_days");
    SourceRows.addPaidInvoice(refetched, new BigDecimal("750.00"));

    api.refresh(List.of(refetched));
    browser.visible("#refresh-notice");
    JsonObject dashboard = api.dashboard(refetched);
    long priceAlerts = api.priceAlerts(refetched);
    assertThat(version(dashboard)).isGreaterThan(versionBefore);
    assertThat(number(dashboard.getJsonObject("data"), "spendLast30Days"))
        .isEqualByComparingTo(spendBefore.add(new BigDecimal("750.00")));
    browser.visible("#refresh-now").click();

    browser.hidden("#refresh-notice");
    browser.withAttribute("#data-version", "data-version", String.valueOf(version(dashboard)));
    assertFigures(dashboard, priceAlerts);
    browser.screenshot("refreshed");
  }

  @Test
  void aViewerOfAnotherOrganizationSeesOnlyItsOwn() {
    // As if an admin had chosen the other organization in this tab before, and the link named it.
    openAsViewer(foreign);
    browser.script(
        "sessionStorage.setItem('procurement-cache.organization', arguments[0])", shown.toString());
    browser.driver().get(page("?organization=" + shown + "#/overview?organization=" + shown));
    figuresShown();

    assertOrganizationName(foreign, foreignName);
    assertFigures(api.dashboard(foreign), api.priceAlerts(foreign));
    assertThat(browser.visible("body").getText()).doesNotContain(shownName);
    @SuppressWarnings("unchecked")
    List<String> requested =
        (List<String>)
            browser.script("return performance.getEntriesByType('resource').map((e) => e.name)");
    assertThat(requested).isNotEmpty().noneMatch(url -> url.contains(shown.toString()));
    // Asked directly, with the page's own token, the API refuses the other organization.
    @SuppressWarnings("unchecked")
    Map<String, Object> refused =
        (Map<String, Object>)
            browser.asyncScript(
                "const [organization, done] = arguments;"
                    + " fetch('api/v1/organizations/' + organization + '/dashboard-metrics',"
                    + " {headers: {Authorization: 'Bearer '"
                    + " + sessionStorage.getItem('procurement-cache.token')}})"
                    + " .then(async (r) => done({status: r.status,"
                    + " type: r.headers.get('Content-Type'), body: await r.text()}));",
                shown.toString());
    assertThat(refused.get("status")).isEqualTo(403L);
    assertThat((String) refused.get("type")).startsWith("application/problem+json");
    assertThat((String) refused.get("body")).contains("\"title\"").doesNotContain(shownName);
    browser.screenshot("foreign-token");
  }

  @Test
  void anAdminChoosesTheOrganizationInThePicker() {
    browser.open(base, admin());
    Select picker = new Select(browser.visible("#organization-picker"));
    browser.await("the organizations in the picker", d -> picker.getOptions().size() > 1);

    picker.selectByValue(shown.toString());

    assertOrganizationName(shown, shownName);
    assertFigures(api.dashboard(shown), api.priceAlerts(shown));
    browser.withAttribute(
        "#data-version", "data-version", String.valueOf(version(api.dashboard(shown))));
  }

  @Test
  void theViewsAreReachableByKeyboard() {
    openAsViewer(shown);
    figuresShown();

    WebElement link = null;
    for (int i = 0; i < 40 && link == null; i++) {
      browser.press(Keys.TAB);
      link =
          (WebElement)
              browser.script(
                  "const a = document.activeElement;"
                      + " return a && a.matches('nav [data-view=\"suppliers\"]') ? a : null;");
    }
    assertThat(link).as("the Suppliers link, reached by Tab").isNotNull();
    browser.press(Keys.ENTER);

    browser.visible("[data-view-panel='suppliers']");
    browser.hidden("[data-view-panel='overview']");
    assertThat(browser.driver().getCurrentUrl()).endsWith("#/suppliers");
    browser.screenshot("keyboard-suppliers");
  }

  // --- helpers

  /** The node's page at {@code suffix} (a query, a fragment). */
  private String page(String suffix) {
    String root = base.toString();
    return (root.endsWith("/") ? root : root + "/") + suffix;
  }

  private void openAsViewer(UUID organization) {
    browser.open(base, viewer(organization));
  }

  private static String viewer(UUID organization) {
    return issuer.viewer("viewer", organization, FIVE_MINUTES);
  }

  private void figuresShown() {
    browser.await(
        "the key figures shown",
        d -> "shown".equals(browser.script("return document.documentElement.dataset.figures")));
  }

  /** The page names the organization (once it has its name from the API) and carries its id. */
  private void assertOrganizationName(UUID organization, String name) {
    WebElement heading =
        browser.await(
            "the organization's name",
            d ->
                browser.all("#organization-name").stream()
                    .filter(e -> e.isDisplayed() && !e.getText().isBlank())
                    .filter(e -> !e.getText().equals("\u2026"))
                    .findFirst()
                    .orElse(null));
    assertThat(heading.getText()).isEqualTo(name);
    assertThat(heading.getDomAttribute("data-organization-id")).isEqualTo(organization.toString());
  }

  /** The key figures of the overview hold the API's numbers, in the page's formatting. */
  private void assertFigures(JsonObject dashboard, long priceAlerts) {
    JsonObject data = dashboard.getJsonObject("data");
    assertFigure("spend-last-30-days", number(data, "spendLast30Days"), true);
    assertFigure("invoices", number(data, "invoiceCount"), false);
    assertFigure("average-invoice", number(data, "averageInvoiceAmount"), true);
    assertFigure("open-price-alerts", BigDecimal.valueOf(priceAlerts), false);
  }

  private void assertFigure(String figure, BigDecimal expected, boolean money) {
    String css = "[data-figure='" + figure + "']";
    WebElement element =
        browser.await(
            figure + " = " + expected,
            d ->
                browser.all(css).stream()
                    .filter(e -> e.getDomAttribute("data-value") != null)
                    .filter(
                        e ->
                            new BigDecimal(e.getDomAttribute("data-value")).compareTo(expected)
                                == 0)
                    .findFirst()
                    .orElse(null));
    String text =
        money
            ? String.format(Locale.UK, "%,.2f", expected)
            : String.format(Locale.UK, "%,d", expected.longValueExact());
    assertThat(element.getText()).as(figure).isEqualTo(text);
  }

  /** The figures that moved by more than the threshold, as the refresh defines it. */
  private static List<String> significantChanges(
      Map<String, BigDecimal> before, Map<String, BigDecimal> after) {
    return after.keySet().stream()
        .filter(
            figure -> {
              BigDecimal previous = before.get(figure);
              BigDecimal current = after.get(figure);
              if (previous.signum() == 0) {
                return current.signum() != 0;
              }
              BigDecimal ratio =
                  current.subtract(previous).divide(previous.abs(), MathContext.DECIMAL64);
              return ratio.abs().compareTo(THRESHOLD) > 0;
            })
        .toList();
  }

  private static void call(Connection c, String sql, long key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, key);
      s.execute();
    }
  }
}
