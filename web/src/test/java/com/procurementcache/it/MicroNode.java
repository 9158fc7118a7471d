package com.procurementcache.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Payara Micro node started as its own process with the packaged WAR and the server
 * configuration, as server-config/micro/start-node.sh starts one: for tests that need more than the
 * one node Arquillian gives a test class. Its log goes to {@code <root>/node.log}.
 */
public final class MicroNode implements AutoCloseable {

  private final String name;
  private final int httpPort;
  private final int gridPort;
  private final Process process;
  private final Path log;

  private MicroNode(String name, int httpPort, int gridPort, Process process, Path log) {
    this.name = name;
    this.httpPort = httpPort;
    this.gridPort = gridPort;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts a node on free ports of loopback.
   *
   * @param gridPort the data grid port this node takes
   * @param members every member of the grid ({@code 127.0.0.1:port,…})
   * @param gridName the grid's cluster name: only nodes that share it join
   * @param environment added to the test's own environment (DB_URL, the JWT key …)
   */
  public static MicroNode start(
      String name, int gridPort, String members, String gridName, Map<String, String> environment)
      throws IOException {
    int httpPort = freePort();
    Path root = Path.of(System.getProperty("it.root"), name);
    // A runtime folder left by an earlier build would deploy its old copy of the WAR first.
    deleteTree(root.resolve("runtime"));
    Files.createDirectories(root);
    Path log = root.resolve("node.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(System.getProperty("payara.microJar"));
    command.addAll(
        List.of(
            "--deploy",
            System.getProperty("it.war"),
            "--contextroot",
            "/",
            "--name",
            name,
            "--port",
            String.valueOf(httpPort),
            "--rootdir",
            root.resolve("runtime").toString(),
            "--nohostaware",
            // the grid talks over loopback only
            "--interfaces",
            "127.0.0.1",
            "--clustername",
            gridName,
            "--clustermode",
            "tcpip:" + members,
            "--startport",
            String.valueOf(gridPort),
            "--postbootcommandfile",
            System.getProperty("payara.postBootCommands"),
            "--addlibs",
            System.getProperty("payara.driverJar")));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new MicroNode(name, httpPort, gridPort, builder.start(), log);
  }

  /**
   * Starts a node of its own grid, on free ports of loopback, with the product's own start command
   * (server-config/micro/start-node.sh, property {@code it.start.node}) rather than a command line
   * of the test's: for tests of what that script does with its environment.
   *
   * @param environment added to the test's own environment (DB_URL, the JWT key …)
   */
  public static MicroNode startByScript(String name, Map<String, String> environment)
      throws IOException {
    int httpPort = freePort();
    int gridPort = freePort();
    Path root = Path.of(System.getProperty("it.root"), name);
    Files.createDirectories(root);
    Path log = root.resolve("node.log");
    List<String> command =
        List.of(
            System.getProperty("it.start.node"),
            name,
            String.valueOf(httpPort),
            "127.0.0.1:" + gridPort,
            "--",
            "--startport",
            String.valueOf(gridPort),
            "--interfaces",
            "127.0.0.1",
            "--clustername",
            "it-" + name + "-" + System.getProperty("it.db.name"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The script wipes its working folder at start: the runtime folder, not the log beside it.
    builder.environment().put("NODE_ROOT", root.resolve("runtime").toString());
    builder.environment().put("NODE_JVM_OPTIONS", "-Xmx512m -XX:+UseParallelGC");
    builder.environment().putAll(environment);
    return new MicroNode(name, httpPort, gridPort, builder.start(), log);
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A port nobody listens on now (the OS's choice, so never 6900 or 8080 of a running demo). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  public URL base() {
    try {
      return new URL("http://127.0.0.1:" + httpPort + "/");
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  public int httpPort() {
    return httpPort;
  }

  /** The data grid (Hazelcast) port this node took. */
  public int gridPort() {
    return gridPort;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The node's JVM's process id (what the node itself reads as its own pid). */
  public long pid() {
    return process.pid();
  }

  /** Ends the node at once, as {@code kill -9} does: no shutdown hook, no goodbye to the grid. */
  public void kill() {
    try {
      if (!process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not die within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The data of the readiness check {@code check} ({@code /health/ready}), each value as text
   * (Payara writes numbers as strings); empty while the node does not answer or has no such check.
   */
  public Optional<Map<String, String>> readiness(String check) {
    HttpResponse<String> response;
    try {
      response = Http.get(base(), "/health/ready", null);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (response.body().isBlank() || !Http.contentType(response).contains("json")) {
      return Optional.empty();
    }
    return Http.json(response).asJsonObject().getJsonArray("checks").stream()
        .map(JsonValue::asJsonObject)
        .filter(c -> c.getString("name").equals(check))
        .map(c -> text(c.getJsonObject("data")))
        .findFirst();
  }

  private static Map<String, String> text(JsonObject data) {
    Map<String, String> values = new TreeMap<>();
    data.forEach(
        (key, value) ->
            values.put(key, value instanceof JsonString s ? s.getString() : value.toString()));
    return values;
  }

  /** Whether {@code /health/ready} answers 200; throws when the process has ended. */
  public boolean ready() {
    if (!alive()) {
      throw new IllegalStateException(this + " stopped; see " + log);
    }
    try {
      return Http.get(base(), "/health/ready", null).statusCode() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** Stops the node: asks first, then forces after a grace period. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " at " + base();
  }
}
