package com.procurementcache.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, as Linux tells it: the sockets among the process's open files
 * ({@code /proc/PID/fd}) that {@code /proc/PID/net/tcp} and {@code tcp6} list in the LISTEN state.
 * Needs the right to read the process's files (its owner or root).
 */
public final class ListeningPorts {

  /** The kernel's code of a listening socket in the {@code st} column. */
  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  public static Set<Integer> of(long pid) throws IOException {
    Path proc = Path.of("/proc", String.valueOf(pid));
    Set<String> sockets = sockets(proc.resolve("fd"));
    Set<Integer> ports = new TreeSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (String line : Files.readAllLines(proc.resolve("net").resolve(table))) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        String[] column = line.trim().split("\\s+");
        if (column.length > 9 && column[3].equals(LISTEN) && sockets.contains(column[9])) {
          String local = column[1];
          ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }

  /** The inodes of the sockets among the open files ({@code socket:[inode]}). */
  private static Set<String> sockets(Path fds) throws IOException {
    try (Stream<Path> files = Files.list(fds)) {
      return files
          .map(ListeningPorts::target)
          .filter(t -> t.startsWith("socket:["))
          .map(t -> t.substring("socket:[".length(), t.length() - 1))
          .collect(Collectors.toSet());
    }
  }

  private static String target(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      // closed since the listing
      return "";
    }
  }
}
