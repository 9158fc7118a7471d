package com.procurementcache.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.Http;
import com.procurementcache.it.MicroNode;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.TestEnvironment;
import java.io.OutputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The application's metrics as Prometheus reads them: every family there from the start, on every
 * node, in base units, and accepted by Prometheus' own linter ({@code promtool check metrics}).
 */
class ApplicationMetricsIT extends PackagedWarClient {

  /** Every family the application exports, whether or not the node has done any work yet. */
  private static final List<String> FAMILIES =
      List.of(
          "cache_hits_total",
          "cache_entries",
          "refresh_data_age_seconds",
          "refresh_runs_total",
          "refresh_run_duration_seconds_total",
          "refresh_organization_outcomes_total",
          "refresh_organization_duration_seconds_total",
          "push_sessions",
          "push_notifications_total",
          "push_notification_lag_seconds_total",
          "push_changes_applied_total",
          "push_change_apply_lag_seconds_total",
          "push_changes_notified_total",
          "push_change_notify_lag_seconds_total",
          "push_changes_polled_total");

  @Test
  void promtoolFindsNothingToSayAboutTheApplicationMetrics() throws Exception {
    RefreshLedger.awaitNightlyRunDone();
    HttpResponse<String> metrics = applicationMetrics(base);
    assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);

    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = promtool.getOutputStream()) {
      in.write(metrics.body().getBytes(StandardCharsets.UTF_8));
    }
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).as("promtool ended").isTrue();
    String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(said).as("promtool check metrics on\n" + metrics.body()).isEmpty();
    assertThat(promtool.exitValue()).isZero();
  }

  @Test
  void durationsAreInSeconds() throws Exception {
    RefreshLedger.awaitNightlyRunDone();
    String text = applicationMetrics(base).body();

    // The suite's first run takes seconds, not hours: a value in nanoseconds would be 1e9 times.
    assertThat(value(text, "refresh_run_duration_seconds_total")).isBetween(0.0, 3600.0);
    assertThat(text).doesNotContain("_mean", "quantile=");
  }

  /**
   * A node that joins after the night's run was done by another has refreshed nothing itself; its
   * metrics are all there as soon as it is ready, and its data age is the cluster's.
   */
  @Test
  void aNodeThatDidNotRefreshAnswersWithEveryFamilyAndTheClustersDataAge() throws Exception {
    RefreshLedger.awaitNightlyRunDone();
    int grid = MicroNode.freePort();
    try (MicroNode node =
        MicroNode.start(
            "metrics-late",
            grid,
            "127.0.0.1:" + grid,
            "it-metrics-late-" + System.getProperty("it.db.name"),
            Map.of())) {
      await("ready with the application's checks: " + node + ", log " + node.log())
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> node.ready() && node.readiness("database").isPresent());

      HttpResponse<String> metrics = applicationMetrics(node.base());
      double age = secondsSinceLastSuccess();

      assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
      for (String family : FAMILIES) {
        assertThat(metrics.body()).as(family).contains("# TYPE " + family + " ");
      }
      assertThat(value(metrics.body(), "refresh_data_age_seconds")).isBetween(0.0, age + 1);
    }
  }

  private static double secondsSinceLastSuccess() throws Exception {
    try (var c = TestEnvironment.database().connect();
        var s =
            c.prepareStatement(
                "SELECT extract(epoch FROM now() - max(ended_at)) FROM refresh_runs"
                    + " WHERE status = 'completed'");
        var rs = s.executeQuery()) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  private static HttpResponse<String> applicationMetrics(URL node) {
    return Http.send(
        Http.request(node, "/metrics?scope=application", null)
            .setHeader("Accept", "text/plain")
            .GET()
            .build());
  }

  /** The first sample of {@code family} in {@code text}. */
  private static double value(String text, String family) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(family) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
            .matcher(text);
    assertThat(m.find()).as(family + " in\n" + text).isTrue();
    return Double.parseDouble(m.group(2));
  }
}
