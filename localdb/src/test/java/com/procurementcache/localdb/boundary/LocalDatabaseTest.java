package com.procurementcache.localdb.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDatabaseTest {

  @TempDir Path directory;

  @Test
  void leavesAServerThatAnswersAloneAndStartsNothing() throws Exception {
    try (ServerSocket installed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path data = directory.resolve("postgres");

      boolean started = LocalDatabase.forBuild(data, "127.0.0.1", installed.getLocalPort());

      assertThat(started).isFalse();
      assertThat(Files.exists(data)).as("no data directory made").isFalse();
    }
  }
}
