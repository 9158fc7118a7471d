package com.procurementcache.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a node accepts from a client is bounded: bodies are refused once they pass the limit, before
 * they are read whole; lists have a length; writes that meet each other do not fail on the server.
 */
class RequestBoundsIT extends PackagedWarClient {

  private static final int FIVE_MEGABYTES = 5 * 1024 * 1024;

  static TestOrganization organization;

  @BeforeAll
  static void data() throws Exception {
    organization = TestOrganization.active("Request bounds");
  }

  String viewer(String user) {
    return issuer.viewer(user, organization.id(), FIVE_MINUTES);
  }

  /** A JSON object of {@code size} bytes: {"padding": "xxx…"}. */
  static byte[] bigObject(int size) {
    String head = "{\"padding\": \"";
    String tail = "\"}";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }

  HttpResponse<String> putPreferences(String token, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpRequest request =
        Http.request(base, "api/v1/me/preferences", token)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .PUT(body)
            .build();
    return java.net.http.HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFiveMegabytePreferencesBodyIsRefusedWith413WithinFiveSeconds() throws Exception {
    byte[] body = bigObject(FIVE_MEGABYTES);
    long started = System.nanoTime();
    HttpResponse<String> answer =
        putPreferences(viewer("big-sized"), HttpRequest.BodyPublishers.ofByteArray(body));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertProblem(answer, 413);
  }

  @Test
  void aFiveMegabyteBodyOfUnknownLengthIsRefusedWith413WithinFiveSeconds() throws Exception {
    byte[] body = bigObject(FIVE_MEGABYTES);
    long started = System.nanoTime();
    // Without a length (chunked): the node counts what it reads and stops at the limit.
    HttpResponse<String> answer =
        putPreferences(
            viewer("big-chunked"),
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertProblem(answer, 413);
  }

  @Test
  void aRunOfMoreOrganizationsThanTheLimitIsRefused() {
    String ids =
        IntStream.range(0, 1001)
            .mapToObj(i -> "\"" + UUID.randomUUID() + "\"")
            .collect(Collectors.joining(",", "[", "]"));
    HttpResponse<String> answer =
        Http.send(
            base,
            "POST",
            "api/v1/refresh/runs",
            admin(),
            "{\"organizationIds\": " + ids + ", \"force\": true}");
    assertProblem(answer, 400);
    assertThat(Http.json(answer).asJsonObject().getString("detail")).contains("at most 1000");
  }

  @Test
  void twentyWritesOfOneUserAtOnceSucceedAndLeaveOneOfTheirValues() throws Exception {
    int writers = 20;
    String token = viewer("many-tabs");
    CyclicBarrier together = new CyclicBarrier(writers);
    ExecutorService clients = Executors.newFixedThreadPool(writers);
    List<HttpResponse<String>> answers = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String body = "{\"writer\": " + i + "}";
        sent.add(
            clients.submit(
                () -> {
                  together.await(10, TimeUnit.SECONDS);
                  return Http.send(base, "PUT", "api/v1/me/preferences", token, body);
                }));
      }
      for (Future<HttpResponse<String>> answer : sent) {
        answers.add(answer.get(1, TimeUnit.MINUTES));
      }
    } finally {
      clients.shutdownNow();
    }

    // Without If-Match the last write wins: each one succeeds, one after the other.
    assertThat(answers)
        .as(answers.stream().map(HttpResponse::body).toList().toString())
        .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    List<Long> versions =
        answers.stream()
            .map(a -> Http.json(a).asJsonObject().getJsonNumber("version").longValue())
            .sorted()
            .toList();
    assertThat(versions).isEqualTo(LongStream.rangeClosed(1, writers).boxed().toList());

    JsonObject stored = Http.json(Http.get(base, "api/v1/me/preferences", token)).asJsonObject();
    assertThat(stored.getJsonNumber("version").longValue()).isEqualTo(writers);
    int last = stored.getJsonObject("preferences").getInt("writer");
    JsonObject lastWrite =
        answers.stream()
            .map(a -> Http.json(a).asJsonObject())
            .filter(a -> a.getJsonNumber("version").longValue() == writers)
            .findFirst()
            .orElseThrow();
    assertThat(lastWrite.getJsonObject("preferences").getInt("writer")).isEqualTo(last);
  }
}
