package com.procurementcache.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Two Payara Micro nodes ({@link MicroNode}) of one test class, sharing a data grid of their own
 * and the suite's database: when {@link #start} returns, both are ready and see each other in the
 * grid. A test class starts them in its {@code @BeforeAll} and closes them in its
 * {@code @AfterAll}.
 */
public final class NodePair implements AutoCloseable {

  private static final Duration BOOT = Duration.ofMinutes(4);

  private final MicroNode a;
  private final MicroNode b;

  private NodePair(MicroNode a, MicroNode b) {
    this.a = a;
    this.b = b;
  }

  /**
   * Starts nodes {@code <prefix>-a} and {@code <prefix>-b} with {@code environment} added to the
   * test's own, and waits until both are ready in one grid; stops them again if they do not get
   * there.
   */
  public static NodePair start(String prefix, Map<String, String> environment) throws IOException {
    int gridA = MicroNode.freePort();
    int gridB = MicroNode.freePort();
    String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
    String grid = "it-" + prefix + "-" + System.getProperty("it.db.name");
    MicroNode a = MicroNode.start(prefix + "-a", gridA, members, grid, environment);
    MicroNode b = null;
    try {
      b = MicroNode.start(prefix + "-b", gridB, members, grid, environment);
      NodePair pair = new NodePair(a, b);
      pair.awaitFormed();
      return pair;
    } catch (IOException | RuntimeException | Error e) {
      a.close();
      if (b != null) {
        b.close();
      }
      throw e;
    }
  }

  private void awaitFormed() {
    for (MicroNode node : both()) {
      await("ready: " + node + ", log " + node.log())
          .atMost(BOOT)
          .pollInterval(Duration.ofSeconds(1))
          .until(node::ready);
    }
    await("both nodes in one grid")
        .atMost(Duration.ofMinutes(1))
        .until(() -> gridMembers(a) == 2 && gridMembers(b) == 2);
  }

  private static int gridMembers(MicroNode node) {
    return node.readiness("cache-cluster")
        .map(data -> Integer.parseInt(data.get("members")))
        .orElse(0);
  }

  public MicroNode a() {
    return a;
  }

  public MicroNode b() {
    return b;
  }

  public List<MicroNode> both() {
    return List.of(a, b);
  }

  /** Stops both nodes (a node already killed is left as it is). */
  @Override
  public void close() {
    a.close();
    b.close();
  }
}
