package com.procurementcache.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.procurementcache.demo.control.DataGenerator;
import com.procurementcache.demo.control.DatabaseProvisioner;
import com.procurementcache.demo.control.DatabaseTarget;
import com.procurementcache.demo.control.ScratchTarget;
import com.procurementcache.demo.control.SigningKeys;
import com.procurementcache.demo.control.TokenIssuer;
import com.procurementcache.it.ForgedTokens;
import com.procurementcache.it.Http;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EAR on a real Payara Server: the distribution from Maven Central unpacked, a fresh domain,
 * the data source, driver and JWT key set up by the operator's script ({@code
 * server-config/server/deploy.sh}, the same file the README tells operators to run), the EAR
 * deployed. The domain is stopped and the test database dropped afterwards, also on failure.
 *
 * <p>Every asadmin call and the script write their output to {@code target/payara-server-it/logs/};
 * the domain's log is {@code target/payara-server-it/domains/procurement-cache-it/logs/server.log}.
 */
class PayaraServerEarIT {

  private static final String DOMAIN = "procurement-cache-it";
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private static final AtomicInteger commandNumber = new AtomicInteger();

  private static Path payaraHome;
  private static Path work;
  private static Path domains;
  private static Path logs;
  private static int adminPort;
  private static int jmxPort;
  private static URI base;
  private static DatabaseTarget database;
  private static SigningKeys keys;
  private static Thread stopOnExit;
  private static volatile boolean domainStarted;

  @BeforeAll
  static void installConfigureAndDeploy() throws Exception {
    payaraHome = Path.of(required("it.payara.home"));
    work = Path.of(required("it.work.dir"));
    int portBase = Integer.parseInt(required("it.payara.portbase"));
    adminPort = portBase + 48;
    jmxPort = portBase + 86;
    int httpPort = portBase + 80;
    base = URI.create("http://127.0.0.1:" + httpPort + "/");
    domains = work.resolve("domains");
    logs = work.resolve("logs");

    database = ScratchTarget.named(required("it.db.name"));
    for (int port : new int[] {adminPort, httpPort, portBase + 49, portBase + 59, jmxPort}) {
      assertThat(inUse(port))
          .as(
              "port %d is taken (the domain left by an interrupted run? stop it with: %s"
                  + " stop-domain --domaindir %s %s), or choose -Dit.payara.portbase",
              port, payaraHome.resolve("bin/asadmin"), domains, DOMAIN)
          .isFalse();
    }

    DatabaseProvisioner provisioner = new DatabaseProvisioner(database);
    provisioner.drop(); // a database left by an interrupted run would skip the migrations
    provisioner.ensureExists();

    deleteRecursively(work);
    Files.createDirectories(logs);
    keys = SigningKeys.generate();
    keys.save(work.resolve("keys"));

    asadmin(
        "create-domain",
        "--nopassword",
        "--portbase",
        String.valueOf(portBase),
        "--domaindir",
        domains.toString(),
        DOMAIN);
    stopOnExit = new Thread(PayaraServerEarIT::stopDomain, "stop " + DOMAIN);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    domainStarted = true;
    asadmin("start-domain", "--domaindir", domains.toString(), DOMAIN);

    Map<String, String> operatorEnvironment =
        Map.of(
            "PAYARA_HOME", payaraHome.toString(),
            "DB_URL", database.url(),
            "DB_USER", database.user(),
            // The pool refuses a user without a password; trust authentication ignores it.
            "DB_PASSWORD",
                database.password().isEmpty()
                    ? "unused-with-trust-authentication"
                    : database.password(),
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                work.resolve("keys").resolve(SigningKeys.PUBLIC_FILE).toUri().toString(),
            "POSTGRESQL_JAR", required("it.driver.jar"),
            "EAR", required("it.ear"));
    run("deploy.sh", operatorEnvironment, "bash", required("it.deploy.script"));

    awaitReadiness();
  }

  @AfterAll
  static void stopDomainAndDropDatabase() throws SQLException {
    try {
      stopDomain();
      if (stopOnExit != null) {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      }
    } finally {
      if (database != null) {
        new DatabaseProvisioner(database).drop();
      }
    }
  }

  @Test
  void earDeployedOnPayaraServerBecomesReady() {
    HttpResponse<String> response = get("health/ready", null);

    assertThat(response.statusCode()).as(() -> diagnosis(response)).isEqualTo(200);
    JsonObject health = Http.json(response).asJsonObject();
    assertThat(health.getString("status")).as(() -> diagnosis(response)).isEqualTo("UP");
    Map<String, String> checks =
        health.getJsonArray("checks").stream()
            .map(JsonValue::asJsonObject)
            .collect(Collectors.toMap(c -> c.getString("name"), c -> c.getString("status")));
    assertThat(checks)
        .as(() -> diagnosis(response))
        .containsEntry("database", "UP")
        .containsEntry("schema-migrations", "UP")
        .containsEntry("cache-cluster", "UP");
  }

  @Test
  void adminTokenListsTheOrganizationsOfTheDatabase() throws SQLException {
    Set<String> expected = organizationIdsAfterGeneratingData();
    String token = new TokenIssuer(keys.privateKey()).admin("admin", Duration.ofMinutes(10));

    HttpResponse<String> response = get("api/v1/organizations", token);

    assertThat(response.statusCode()).as(() -> diagnosis(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonArray organizations = Http.json(response).asJsonArray();
    Set<String> ids =
        organizations.stream()
            .map(o -> o.asJsonObject().getString("id"))
            .collect(Collectors.toSet());
    assertThat(ids).as(() -> diagnosis(response)).isNotEmpty().isEqualTo(expected);
  }

  @Test
  void apiWithoutTokenIsUnauthorized() {
    HttpResponse<String> response = get("api/v1/organizations", null);

    assertThat(response.statusCode()).as(() -> diagnosis(response)).isEqualTo(401);
  }

  /**
   * The bearer-token mechanism of the API on Payara Server: forged, tampered and out-of-time tokens
   * get 401 even after the good token was cached, a viewer reads its own organization only, and no
   * token reaches a resource without its role.
   */
  @Test
  void tokensAreCheckedAndTheApiFailsClosed() throws SQLException {
    List<String> organizations = new ArrayList<>(organizationIdsAfterGeneratingData());
    UUID own = UUID.fromString(organizations.get(0));
    UUID other = UUID.fromString(organizations.get(1));
    TokenIssuer issuer = new TokenIssuer(keys.privateKey());
    String viewer = issuer.viewer("viewer", own, Duration.ofMinutes(10));
    String data = "api/v1/organizations/" + own + "/dashboard-metrics";

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> response = get(data, viewer);
      assertThat(response.statusCode()).as(() -> diagnosis(response)).isEqualTo(200);
    }
    assertThat(get("api/v1/organizations/" + own, "x" + viewer).statusCode()).isEqualTo(401);
    for (Map.Entry<String, String> forged : ForgedTokens.refusable(keys, own).entrySet()) {
      for (String path : List.of(data, "api/v1/organizations")) {
        HttpResponse<String> response = get(path, forged.getValue());
        assertThat(response.statusCode())
            .as(() -> forged.getKey() + " on " + path + ": " + diagnosis(response))
            .isEqualTo(401);
        assertThat(Http.contentType(response)).startsWith("application/problem+json");
      }
    }
    HttpResponse<String> othersData =
        get("api/v1/organizations/" + other + "/dashboard-metrics", viewer);
    assertThat(othersData.statusCode()).as(() -> diagnosis(othersData)).isEqualTo(403);
    for (String adminOnly :
        List.of("api/v1/organizations", "api/v1/refresh/runs", "api/v1/cache/stats")) {
      HttpResponse<String> response = get(adminOnly, viewer);
      assertThat(response.statusCode()).as(() -> diagnosis(response)).isEqualTo(403);
      assertThat(get(adminOnly, null).statusCode()).as(adminOnly).isEqualTo(401);
    }
  }

  /**
   * The HTTP listener as deploy.sh sets it: a 12 KB Authorization header (beyond Payara's 8 KiB
   * default buffer) reaches the application and gets its 401 problem, and a GET with a body is
   * answered as a GET. Over HTTP/1.1, as curl and most clients speak to a plain-HTTP port, on a
   * client of its own (HTTP/2 has its own header limits, and a refused header breaks a shared
   * HTTP/2 connection for the other tests).
   */
  @Test
  void aLargeAuthorizationHeaderGetsAProblemAndAGetWithABodyIsAnswered() throws Exception {
    HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest large =
        HttpRequest.newBuilder(base.resolve("api/v1/organizations"))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + "x".repeat(12 * 1024))
            .build();
    HttpRequest withBody =
        HttpRequest.newBuilder(base.resolve("health/live"))
            .header("Content-Type", "application/json")
            .method("GET", HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    HttpResponse<String> refused = http11.send(large, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> answered = http11.send(withBody, HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).as(() -> diagnosis(refused)).isEqualTo(401);
    assertThat(Http.contentType(refused)).startsWith("application/problem+json");
    assertThat(answered.statusCode()).as(() -> diagnosis(answered)).isEqualTo(200);
  }

  /**
   * A forced refresh runs to its end on the EAR: on the refresh's own managed executor, which
   * deploy.sh creates (the application does not deploy without it).
   */
  @Test
  void aForcedRefreshCompletesOnTheRefreshExecutor() throws SQLException {
    organizationIdsAfterGeneratingData();
    String token = new TokenIssuer(keys.privateKey()).admin("admin", Duration.ofMinutes(10));
    String runs = "api/v1/refresh/runs";
    // The first (catch-up) run of the new installation may still be under way: 409 names it.
    HttpResponse<String> started =
        await("a forced run starts")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> Http.send(base.toURL(), "POST", runs, token, "{\"force\": true}"),
                r -> r.statusCode() == 202);
    String run = Http.json(started).asJsonObject().getString("id");

    String status =
        await("the end of run " + run)
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    Http.json(get(runs + "/" + run, token))
                        .asJsonObject()
                        .getJsonObject("run")
                        .getString("status"),
                s -> !s.equals("running"));
    assertThat(status).isEqualTo("completed");
    assertThat(serverLog()).contains("concurrent/procurement-cache-refresh-managedThreadFactory");
  }

  /**
   * An operator's JMX client from outside the domain's process: the domain's own JMX connector
   * (port base + 86) with the admin user (this domain's has no password) reaches the platform MBean
   * server, where the application's MXBean tells the next scheduled run the API tells.
   */
  @Test
  void anOperatorsJmxClientReadsTheRefreshMxBeanWithTheAdminCredentials() throws Exception {
    String token = new TokenIssuer(keys.privateKey()).admin("admin", Duration.ofMinutes(10));
    String nextScheduled =
        Http.json(get("api/v1/refresh/status", token)).asJsonObject().getString("nextScheduled");

    try (JMXConnector jmx =
        await("the domain's JMX connector on port " + jmxPort)
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptionsInstanceOf(IOException.class)
            .until(() -> connectJmx("admin", ""), c -> true)) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      ObjectName name = new ObjectName("com.procurementcache:type=NightlyRefresh");
      assertThat(Instant.parse((String) server.getAttribute(name, "NextScheduled")))
          .isEqualTo(Instant.parse(nextScheduled));
    }
    // A wrong password is refused, though not as a SecurityException: the domain's login error
    // holds a callback RMI cannot serialize, so the client sees an UnmarshalException.
    assertThatThrownBy(() -> connectJmx("admin", "not-the-password").close())
        .isInstanceOf(IOException.class)
        .hasStackTraceContaining("AdminLoginModule");
    // A domain whose admin has no password (this one, made with --nopassword) lets a client in
    // without credentials: docs/operations.md tells operators to set the admin password before
    // the port is reachable; this pins why.
    connectJmx(null, null).close();
  }

  private static JMXConnector connectJmx(String user, String password) throws IOException {
    Map<String, Object> environment = new HashMap<>();
    if (user != null) {
      environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
    }
    return JMXConnectorFactory.connect(
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"),
        environment);
  }

  /** The small demo data set, written next to the running application, and its organizations. */
  private static Set<String> organizationIdsAfterGeneratingData() throws SQLException {
    try (Connection connection = database.connect()) {
      DataGenerator generator = new DataGenerator();
      if (generator.isEmpty(connection)) {
        generator.generate(connection, "small", 7);
      }
      Set<String> ids = new HashSet<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id FROM organizations")) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  private static void awaitReadiness() {
    try {
      await("GET /health/ready returns 200 UP")
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () -> {
                HttpResponse<String> response = get("health/ready", null);
                return response.statusCode() == 200 && response.body().contains("\"UP\"");
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the EAR did not become ready within " + READY_TIMEOUT + "\n" + serverLogTail(), e);
    }
  }

  /** Stops the domain; kills it when a graceful stop fails. Safe to call more than once. */
  private static synchronized void stopDomain() {
    if (!domainStarted) {
      return;
    }
    Long pid = domainPid();
    try {
      asadmin("stop-domain", "--domaindir", domains.toString(), DOMAIN);
    } catch (RuntimeException | AssertionError e) {
      System.err.println("stop-domain failed, killing the domain: " + e.getMessage());
      try {
        asadmin("stop-domain", "--kill", "true", "--domaindir", domains.toString(), DOMAIN);
      } catch (RuntimeException | AssertionError ignored) {
        // the process check below is the last resort
      }
    }
    if (pid != null) {
      ProcessHandle.of(pid)
          .ifPresent(
              process -> {
                process.destroyForcibly();
                process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
              });
    }
    domainStarted = false;
  }

  private static Long domainPid() {
    Path pidFile = domains.resolve(DOMAIN).resolve("config").resolve("pid");
    try {
      return Files.exists(pidFile) ? Long.valueOf(Files.readString(pidFile).trim()) : null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static void asadmin(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(payaraHome.resolve("bin").resolve("asadmin").toString());
    command.add("--interactive=false");
    command.addAll(List.of(arguments));
    run(arguments[0], Map.of(), command.toArray(String[]::new));
  }

  /**
   * Runs a command with asadmin pointed at the test domain and at this JVM's Java, its output in
   * {@code logs/NN-name.log}; fails with that output when the command does not succeed.
   */
  private static void run(String name, Map<String, String> environment, String... command) {
    Path log = logs.resolve(String.format("%02d-%s.log", commandNumber.incrementAndGet(), name));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("AS_ADMIN_"));
    env.put("AS_JAVA", System.getProperty("java.home"));
    env.put("AS_ADMIN_HOST", "localhost");
    env.put("AS_ADMIN_PORT", String.valueOf(adminPort));
    env.putAll(environment);
    long started = System.nanoTime();
    try {
      Process process = builder.start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            name + " did not finish within " + COMMAND_TIMEOUT + "\n" + output(log));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            name
                + " failed (exit "
                + process.exitValue()
                + ")\n"
                + output(log)
                + "\n"
                + serverLogTail());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      System.out.printf(
          "%s: %.1f s (output: %s)%n", name, (System.nanoTime() - started) / 1e9, log);
    }
  }

  private static HttpResponse<String> get(String path, String bearerToken) {
    try {
      return Http.get(base.toURL(), path, bearerToken);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String diagnosis(HttpResponse<String> response) {
    return response.request().uri()
        + " answered "
        + response.statusCode()
        + ": "
        + response.body()
        + "\n"
        + serverLogTail();
  }

  private static String serverLog() {
    try {
      return Files.readString(domains.resolve(DOMAIN).resolve("logs").resolve("server.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String serverLogTail() {
    Path serverLog = domains.resolve(DOMAIN).resolve("logs").resolve("server.log");
    try {
      List<String> lines = Files.readAllLines(serverLog);
      return "--- last lines of "
          + serverLog
          + " ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size()));
    } catch (IOException e) {
      return "(no server log at " + serverLog + ")";
    }
  }

  private static String output(Path log) {
    try {
      return "--- " + log + " ---\n" + Files.readString(log);
    } catch (IOException e) {
      return "(no output at " + log + ")";
    }
  }

  private static boolean inUse(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("system property %s (set by system-tests/pom.xml)", property).isNotNull();
    return value;
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(path);
      }
    }
  }
}
