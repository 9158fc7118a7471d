package com.procurementcache.localdb.boundary;

import com.procurementcache.localdb.control.PostgresServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

/**
 * The embedded PostgreSQL for a machine that has none, from the command line.
 *
 * <pre>
 * serve FOLDER PORT             the run command's server on 127.0.0.1:PORT, data kept in FOLDER;
 *                               runs until stopped (SIGTERM/SIGINT stop PostgreSQL with it)
 * for-build FOLDER HOST PORT    the build's server for the integration tests, started only when
 *                               nothing answers on HOST:PORT, from an empty cluster in FOLDER;
 *                               returns at once and lives until this JVM (Maven's) exits
 * </pre>
 */
public final class LocalDatabase {

  private LocalDatabase() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("serve")) {
      serve(Path.of(args[1]), Integer.parseInt(args[2]));
    } else if (args.length == 4 && args[0].equals("for-build")) {
      forBuild(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
    } else {
      System.err.println("usage: serve FOLDER PORT | for-build FOLDER HOST PORT");
      System.exit(2);
    }
  }

  /**
   * Starts the run command's server and waits until this process is stopped. Prints "PostgreSQL
   * ready" once it accepts connections; exits 1 when it cannot start or ends on its own.
   */
  static void serve(Path folder, int port) throws InterruptedException {
    PostgresServer server = new PostgresServer(folder, "127.0.0.1", port);
    stopOnExit(server);
    try {
      server.start(false);
    } catch (IOException | RuntimeException e) {
      System.err.println("The embedded PostgreSQL did not start: " + e.getMessage());
      System.exit(1);
    }
    System.out.printf(
        "PostgreSQL ready: embedded PostgreSQL %s on 127.0.0.1:%d, data in %s, log %s%n",
        majorVersion(server), port, server.dataDirectory(), server.log());
    int exit = server.awaitExit();
    System.err.println("The embedded PostgreSQL ended on its own (exit " + exit + ").");
    System.exit(1);
  }

  /**
   * Starts the build's server on {@code host:port} unless something answers there, and says which.
   * Returns whether it started one.
   */
  static boolean forBuild(Path folder, String host, int port)
      throws IOException, InterruptedException {
    if (answers(host, port)) {
      System.out.printf(
          "[localdb] PostgreSQL answers on %s:%d: the integration tests use it.%n", host, port);
      return false;
    }
    PostgresServer server = new PostgresServer(folder, host, port);
    stopOnExit(server);
    server.start(true);
    System.out.printf(
        "[localdb] Nothing answered on %s:%d: started an embedded PostgreSQL %s there for this"
            + " build (user postgres, trust; data in %s, log %s). It stops when the build ends.%n",
        host, port, majorVersion(server), server.dataDirectory(), server.log());
    return true;
  }

  /**
   * Stops the server when this JVM exits. The hook thread belongs to the root thread group:
   * exec:java destroys the thread group the build's start ran in (and closes its class loader)
   * before Maven exits, and a hook thread of a destroyed group cannot start.
   */
  private static void stopOnExit(PostgresServer server) {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(root, server::stop, "stop-embedded-postgres"));
  }

  private static String majorVersion(PostgresServer server) {
    try {
      return server.majorVersion();
    } catch (IOException e) {
      return "(version unknown)";
    }
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
