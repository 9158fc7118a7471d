package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.Sql;
import com.procurementcache.it.TestOrganization;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The refresh beside a webhook receiver that never answers, on a real node: the webhook sends have
 * their own executor, so sends hanging on every one of its threads do not hold up a run; and a run
 * leaves exactly one summary message in the ledger.
 */
class HungWebhookReceiverIT extends PackagedWarClient {

  static final String DISPATCHER = "com.procurementcache.webhook.control.WebhookDispatcher";

  static TestOrganization organization;
  static WebhookReceiver webhooks;
  volatile UUID lastRun;

  @BeforeAll
  static void data() throws Exception {
    organization = TestOrganization.active("Hung receiver");
    webhooks = new WebhookReceiver(Integer.getInteger("it.webhook.port"));
    RefreshLedger.awaitNightlyRunDone();
  }

  @AfterAll
  static void stopReceiver() {
    webhooks.close();
  }

  /** Runs a forced refresh of the organization to its end; returns the run's id. */
  UUID run() {
    HttpResponse<String> started =
        Http.send(
            base,
            "POST",
            "api/v1/refresh/runs",
            admin(),
            "{\"organizationIds\": [\"" + organization.id() + "\"], \"force\": true}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    UUID run = UUID.fromString(Http.json(started).asJsonObject().getString("id"));
    assertThat(RefreshLedger.awaitFinished(run, Duration.ofMinutes(1))).isEqualTo("completed");
    lastRun = run;
    return run;
  }

  Duration timed(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** Waits until the summary of the run just done has reached the receiver. */
  void awaitSummaryOfLastRun() {
    String run = lastRun.toString();
    await("the summary of run " + run)
        .atMost(Duration.ofSeconds(30))
        .until(() -> webhooks.received.stream().anyMatch(r -> r.body().contains(run)));
  }

  /** The names of the node's executor threads whose stack is in {@code className}. */
  static List<String> executorThreadsIn(String className) throws Exception {
    try (JMXConnector jmx = RefreshIT.connectToNode()) {
      ThreadMXBean threads =
          ManagementFactory.newPlatformMXBeanProxy(
              jmx.getMBeanServerConnection(),
              ManagementFactory.THREAD_MXBEAN_NAME,
              ThreadMXBean.class);
      return Arrays.stream(threads.dumpAllThreads(false, false))
          .filter(t -> t.getThreadName().contains("managedThreadFactory"))
          .filter(
              t ->
                  Arrays.stream(t.getStackTrace())
                      .anyMatch(frame -> frame.getClassName().equals(className)))
          .map(ThreadInfo::getThreadName)
          .toList();
    }
  }

  @Test
  void whileEveryWebhookSendHangsOnItsOwnBoundedExecutorForcedRunsCompleteInTheirNormalTime()
      throws Exception {
    run(); // warms up; then the time of a run while the receiver answers
    Duration normal = timed(this::run);
    awaitSummaryOfLastRun();
    assertThat(Sql.number("SELECT count(*) FROM webhook_deliveries WHERE run_id = ?", lastRun))
        .isEqualTo(1);

    webhooks.hang();
    // Two runs' summaries hang on both threads of the webhook executor (webhook.timeout 10 s); a
    // third run's waits in its queue.
    Duration first = timed(this::run);
    awaitSummaryOfLastRun();
    Duration second = timed(this::run);
    awaitSummaryOfLastRun();
    Duration third = timed(this::run);
    List<String> sending = executorThreadsIn(DISPATCHER);

    Duration limit = normal.plusSeconds(4);
    assertThat(List.of(first, second, third))
        .as("normal %s", normal)
        .allMatch(d -> d.compareTo(limit) < 0);
    assertThat(sending)
        .hasSizeBetween(1, 2)
        .allMatch(name -> name.startsWith("concurrent/procurement-cache-webhooks-"));
    assertThat(executorThreadsIn("java.lang.Thread"))
        .anyMatch(name -> name.startsWith("concurrent/procurement-cache-refresh-"));
  }
}
