package com.procurementcache.localdb.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerIT {

  @TempDir Path directory;

  private final int port = freePort();
  private PostgresServer server;
  private PostgresServer leftover;

  @AfterEach
  void stopServers() {
    for (PostgresServer s : new PostgresServer[] {server, leftover}) {
      if (s != null) {
        s.stop();
      }
    }
  }

  @Test
  void startsARealPostgresql15ThatThePostgresUserReachesWithoutPassword() throws Exception {
    server = new PostgresServer(directory, "127.0.0.1", port);
    server.start(true);

    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW server_version")) {
      r.next();
      assertThat(r.getString(1)).startsWith("15.");
    }
    server.stop();
    assertThat(answers(port)).as("port answers after stop").isFalse();
  }

  @Test
  void comesUpAgainWithItsDataAfterBeingKilledHard() throws Exception {
    server = new PostgresServer(directory, "127.0.0.1", port);
    server.start(true);
    execute("CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");

    ProcessHandle postmaster = postmaster();
    postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
    postmaster.destroyForcibly();
    postmaster.onExit().get(30, TimeUnit.SECONDS);
    assertThat(Files.exists(directory.resolve("data/postmaster.pid")))
        .as("a hard kill leaves postmaster.pid behind")
        .isTrue();

    server = new PostgresServer(directory, "127.0.0.1", port);
    server.start(false);
    assertThat(single("SELECT id FROM kept")).isEqualTo(42);
  }

  @Test
  void takesOverFromALeftoverServerOfItsDataDirectory() throws Exception {
    leftover = new PostgresServer(directory, "127.0.0.1", port);
    leftover.start(true);
    execute("CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (7)");
    ProcessHandle old = postmaster();

    // The launcher that started it died without stopping it; a new one starts on the same data.
    server = new PostgresServer(directory, "127.0.0.1", port);
    server.start(false);

    assertThat(old.isAlive()).as("the leftover server is stopped").isFalse();
    assertThat(postmaster().pid()).isNotEqualTo(old.pid());
    assertThat(single("SELECT id FROM kept")).isEqualTo(7);
  }

  private ProcessHandle postmaster() throws IOException {
    long pid = Long.parseLong(Files.readAllLines(directory.resolve("data/postmaster.pid")).get(0));
    return ProcessHandle.of(pid).orElseThrow();
  }

  private Connection connect() throws SQLException {
    DriverManager.setLoginTimeout((int) Duration.ofSeconds(10).toSeconds());
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
  }

  private void execute(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private int single(String query) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getInt(1);
    }
  }

  static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
