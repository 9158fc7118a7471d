package com.procurementcache.localdb.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One real PostgreSQL server of this machine, run from the embedded binaries: its binaries in
 * {@code <folder>/server}, its data in {@code <folder>/data} (user {@code postgres}, trust
 * authentication, TCP only), its log in {@code <folder>/postgres.log}.
 *
 * <p>The postmaster is a child process of this JVM and stays in its process group, so killing the
 * group (Ctrl-C, {@code kill -- -PGID}) stops it too; the next start then finds a stale {@code
 * postmaster.pid}, or a server of the same data whose launcher died alone, and takes over. When
 * this JVM runs as root, PostgreSQL (which refuses to) runs in a user namespace as an unprivileged
 * user mapped onto root, so its files stay root's.
 */
public final class PostgresServer {

  private static final long START_TIMEOUT_S = 120;
  private static final long STOP_TIMEOUT_S = 30;

  private final Path folder;
  private final String host;
  private final int port;
  private Process postmaster;

  public PostgresServer(Path folder, String host, int port) {
    this.folder = Objects.requireNonNull(folder, "the server's folder").toAbsolutePath();
    this.host = Objects.requireNonNull(host, "the address to listen on");
    this.port = port;
  }

  public Path dataDirectory() {
    return folder.resolve("data");
  }

  public Path log() {
    return folder.resolve("postgres.log");
  }

  /**
   * Starts the server and returns once it accepts connections. {@code fresh} starts from an empty
   * cluster; otherwise the data of an earlier run is kept (a new cluster is made when there is
   * none).
   */
  public synchronized void start(boolean fresh) throws IOException, InterruptedException {
    if (postmaster != null && postmaster.isAlive()) {
      throw new IllegalStateException("already running");
    }
    Path bin = ServerBinaries.unpackedInto(folder.resolve("server"));
    Path data = dataDirectory();
    takeOverFromLeftover(data);
    if (fresh || !Files.exists(data.resolve("PG_VERSION"))) {
      Folders.delete(data);
      initdb(bin, data);
    }
    List<String> command = new ArrayList<>(unprivileged());
    command.addAll(
        List.of(
            bin.resolve("postgres").toString(),
            "-D",
            data.toString(),
            "-p",
            Integer.toString(port),
            "-c",
            "listen_addresses=" + host,
            "-c",
            "unix_socket_directories=",
            "-c",
            "max_connections=200"));
    postmaster =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .start();
    awaitReady(data);
  }

  /** The major version of the running server's data ({@code PG_VERSION}), e.g. "15". */
  public String majorVersion() throws IOException {
    return Files.readString(dataDirectory().resolve("PG_VERSION"), StandardCharsets.UTF_8).strip();
  }

  /** Waits until the server ends (it should not on its own) and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    return postmaster.waitFor();
  }

  /**
   * Stops the server with a fast shutdown (SIGINT: sessions end, data is consistent), a kill after
   * 30 s. Runs in shutdown hooks: JDK classes only, no lambdas.
   */
  public synchronized void stop() {
    if (postmaster == null) {
      return;
    }
    stopProcess(postmaster.toHandle());
    postmaster = null;
  }

  private static void stopProcess(ProcessHandle process) {
    try {
      if (process.isAlive()) {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor();
      }
      process.onExit().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  private void initdb(Path bin, Path data) throws IOException, InterruptedException {
    Files.createDirectories(data);
    List<String> command = new ArrayList<>(unprivileged());
    command.addAll(
        List.of(
            bin.resolve("initdb").toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF-8",
            "--locale=C.UTF-8",
            "-D",
            data.toString()));
    Process initdb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .start();
    if (!initdb.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
      initdb.destroyForcibly();
      throw new IOException("initdb failed; see " + log());
    }
  }

  /**
   * A {@code postmaster.pid} is left by a server killed hard (stale: its process is gone, or the
   * number now belongs to another process), or by a server still running whose launcher died alone.
   * PostgreSQL refuses to start over a lock file whose number is alive, so: stop a live postmaster
   * of this data directory, remove the file otherwise.
   */
  private static void takeOverFromLeftover(Path data) throws IOException {
    Path lock = data.resolve("postmaster.pid");
    if (!Files.exists(lock)) {
      return;
    }
    Optional<ProcessHandle> owner = lockOwner(lock);
    if (owner.isPresent() && isPostmasterOf(owner.get(), data)) {
      stopProcess(owner.get());
    }
    Files.deleteIfExists(lock);
  }

  private static Optional<ProcessHandle> lockOwner(Path lock) throws IOException {
    List<String> lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
    try {
      return lines.isEmpty()
          ? Optional.empty()
          : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isPostmasterOf(ProcessHandle process, Path data) {
    Optional<String> commandLine = process.info().commandLine();
    return process.isAlive()
        && commandLine.isPresent()
        && commandLine.get().contains("postgres")
        && commandLine.get().contains(data.toString());
  }

  private void awaitReady(Path data) throws IOException, InterruptedException {
    Path lock = data.resolve("postmaster.pid");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      if (!postmaster.isAlive()) {
        throw new IOException(
            "PostgreSQL stopped while starting (exit "
                + postmaster.exitValue()
                + "); see "
                + log());
      }
      if (Files.exists(lock)) {
        List<String> lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
        // Line 8 of postmaster.pid is the server's status, "ready" once it accepts connections.
        if (lines.size() >= 8
            && lines.get(0).strip().equals(Long.toString(postmaster.pid()))
            && lines.get(7).strip().equals("ready")) {
          return;
        }
      }
      Thread.sleep(100);
    }
    stop();
    throw new IOException("PostgreSQL was not ready after " + START_TIMEOUT_S + " s; see " + log());
  }

  /** The command prefix that runs PostgreSQL as a user it accepts: none, or a user namespace. */
  private static List<String> unprivileged() throws IOException {
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (!Integer.valueOf(0).equals(uid)) {
      return List.of();
    }
    return List.of("unshare", "--user", "--map-user=65534", "--map-group=65534");
  }
}
