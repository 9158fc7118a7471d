package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.TestOrganization;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Full runs asked for at once, on a real node: one starts, the others are told to follow it. */
class OneFullRunAtATimeIT extends PackagedWarClient {

  private static final int REQUESTS = 4;

  @BeforeAll
  static void data() throws Exception {
    TestOrganization.active("One full run");
    RefreshLedger.awaitNightlyRunDone();
  }

  @Test
  void concurrentForcedFullRunsStartOneAndTheOthersAreToldWhichRunsAlready() throws Exception {
    CyclicBarrier together = new CyclicBarrier(REQUESTS);
    ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
    List<HttpResponse<String>> answers = new ArrayList<>();
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        sent.add(
            clients.submit(
                () -> {
                  together.await(10, TimeUnit.SECONDS);
                  return Http.send(
                      base, "POST", "api/v1/refresh/runs", admin(), "{\"force\": true}");
                }));
      }
      for (Future<HttpResponse<String>> answer : sent) {
        answers.add(answer.get(1, TimeUnit.MINUTES));
      }
    } finally {
      clients.shutdownNow();
    }

    List<HttpResponse<String>> started =
        answers.stream().filter(r -> r.statusCode() == 202).toList();
    assertThat(started).as(answers.toString()).hasSize(1);
    String location = started.get(0).headers().firstValue("Location").orElseThrow();
    for (HttpResponse<String> refused : answers) {
      if (refused != started.get(0)) {
        assertProblem(refused, 409);
        assertThat(refused.headers().firstValue("Location")).contains(location);
      }
    }

    UUID run = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    assertThat(RefreshLedger.awaitFinished(run, Duration.ofMinutes(2))).isEqualTo("completed");
    // Once it has ended, a full run starts again.
    HttpResponse<String> next =
        Http.send(base, "POST", "api/v1/refresh/runs", admin(), "{\"force\": true}");
    assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
    RefreshLedger.awaitNightlyRunDone();
  }
}
