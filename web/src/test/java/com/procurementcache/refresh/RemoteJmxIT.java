package com.procurementcache.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.procurementcache.it.AdminApi;
import com.procurementcache.it.Http;
import com.procurementcache.it.ListeningPorts;
import com.procurementcache.it.MicroNode;
import com.procurementcache.it.RefreshLedger;
import com.procurementcache.it.TestEnvironment;
import com.procurementcache.it.TestOrganization;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remote JMX of nodes started by the product's start command (server-config/micro/start-node.sh):
 * with {@code JMX_PORT} and the password and access files, a JMX client of another process connects
 * over RMI on that one port, with a password, and reads the refresh MXBean's figures that the REST
 * API shows; a read-only user may not start a run, a read-write one may; without credentials or
 * with wrong ones the connection is refused; and a node started without {@code JMX_PORT} listens on
 * its HTTP and data grid ports only.
 */
class RemoteJmxIT {

  private static final Duration BOOT = Duration.ofMinutes(4);
  private static final String MONITOR = "monitor";
  private static final String OPERATOR = "operator";
  private static final String MXBEAN = "com.procurementcache:type=NightlyRefresh";

  private static final String MONITOR_PASSWORD = UUID.randomUUID().toString();
  private static final String OPERATOR_PASSWORD = UUID.randomUUID().toString();

  private static int jmxPort;
  private static MicroNode withJmx;
  private static MicroNode withoutJmx;
  private static AdminApi api;
  private static TestOrganization organization;

  @BeforeAll
  static void startNodes() throws Exception {
    Path credentials = Path.of(System.getProperty("it.root"), "remote-jmx-credentials");
    Files.createDirectories(credentials);
    Path passwords = credentials.resolve("jmxremote.password");
    Files.deleteIfExists(passwords);
    // The JVM refuses a password file that anyone but its owner may read.
    Files.createFile(
        passwords,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        passwords,
        MONITOR + " " + MONITOR_PASSWORD + "\n" + OPERATOR + " " + OPERATOR_PASSWORD + "\n");
    Path access = credentials.resolve("jmxremote.access");
    Files.writeString(access, MONITOR + " readonly\n" + OPERATOR + " readwrite\n");

    jmxPort = MicroNode.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("JMX_PORT", String.valueOf(jmxPort));
    environment.put("JMX_PASSWORD_FILE", passwords.toString());
    environment.put("JMX_ACCESS_FILE", access.toString());
    withJmx = MicroNode.startByScript("remote-jmx", environment);
    withoutJmx = MicroNode.startByScript("no-jmx", Map.of());
    for (MicroNode node : List.of(withJmx, withoutJmx)) {
      await("ready: " + node + ", log " + node.log())
          .atMost(BOOT)
          .pollInterval(Duration.ofSeconds(1))
          .until(node::ready);
    }
    api = new AdminApi(TestEnvironment.tokens());
    organization = TestOrganization.active("Remote JMX");
    RefreshLedger.awaitNightlyRunDone();
  }

  @AfterAll
  static void stopNodes() {
    for (MicroNode node : new MicroNode[] {withJmx, withoutJmx}) {
      if (node != null) {
        node.close();
      }
    }
  }

  private static JMXConnector connect(String user, String password) throws Exception {
    Map<String, Object> environment = new HashMap<>();
    if (user != null) {
      environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
    }
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
    return JMXConnectorFactory.connect(url, environment);
  }

  private static JsonObject restStatus() {
    return Http.json(Http.get(withJmx.base(), "api/v1/refresh/status", api.token())).asJsonObject();
  }

  @Test
  void aReadOnlyUserReadsTheRefreshStatusTheApiShows() throws Exception {
    UUID run = api.startRun(withJmx, List.of(organization.id()));
    assertThat(RefreshLedger.awaitFinished(run, Duration.ofMinutes(1))).isEqualTo("completed");
    JsonObject rest = restStatus();
    assertThat(rest.getString("runId")).isEqualTo(run.toString());

    try (JMXConnector jmx = connect(MONITOR, MONITOR_PASSWORD)) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      ObjectName name = new ObjectName(MXBEAN);
      assertThat(server.getAttribute(name, "State")).isEqualTo("completed");
      assertThat(server.getAttribute(name, "State")).isEqualTo(rest.getString("state"));
      assertThat(server.getAttribute(name, "CurrentRunId")).isEqualTo(run.toString());
      assertThat(Instant.parse((String) server.getAttribute(name, "LastSuccess")))
          .isEqualTo(Instant.parse(rest.getString("lastSuccess")));
      assertThat(Instant.parse((String) server.getAttribute(name, "NextScheduled")))
          .isEqualTo(Instant.parse(rest.getString("nextScheduled")));
      assertThat(server.getAttribute(name, "OrganizationsDone"))
          .isEqualTo(rest.getInt("organizationsDone"))
          .isEqualTo(1);
      assertThat(server.getAttribute(name, "OrganizationsTotal"))
          .isEqualTo(rest.getInt("organizationsTotal"));
      assertThat(server.getAttribute(name, "Overdue")).isEqualTo(rest.getBoolean("overdue"));

      // readonly: the access file gives this user no operation
      assertThatThrownBy(
              () ->
                  server.invoke(
                      name,
                      "refreshOrganization",
                      new Object[] {organization.id().toString()},
                      new String[] {String.class.getName()}))
          .isInstanceOf(SecurityException.class)
          .hasMessageContaining("Access denied");
    }
  }

  @Test
  void aReadWriteUserStartsARunThatTheApiReportsAsStartedOverJmx() throws Exception {
    String runId;
    try (JMXConnector jmx = connect(OPERATOR, OPERATOR_PASSWORD)) {
      runId =
          (String)
              jmx.getMBeanServerConnection()
                  .invoke(
                      new ObjectName(MXBEAN),
                      "refreshOrganization",
                      new Object[] {organization.id().toString()},
                      new String[] {String.class.getName()});
    }
    assertThat(RefreshLedger.awaitFinished(UUID.fromString(runId), Duration.ofMinutes(1)))
        .isEqualTo("completed");
    JsonObject run =
        Http.json(Http.get(withJmx.base(), "api/v1/refresh/runs/" + runId, api.token()))
            .asJsonObject()
            .getJsonObject("run");
    assertThat(run.getString("trigger")).isEqualTo("jmx");
  }

  @Test
  void aConnectionWithoutCredentialsOrWithWrongOnesIsRefused() {
    assertThatThrownBy(() -> connect(null, null).close())
        .isInstanceOf(SecurityException.class)
        .hasMessageContaining("Credentials required");
    assertThatThrownBy(() -> connect(MONITOR, OPERATOR_PASSWORD).close())
        .isInstanceOf(SecurityException.class)
        .hasMessageContaining("Invalid username or password");
    assertThatThrownBy(() -> connect("nobody", MONITOR_PASSWORD).close())
        .isInstanceOf(SecurityException.class)
        .hasMessageContaining("Invalid username or password");
  }

  @Test
  void theConnectorsRegistryAndServerShareJmxPortOnLoopback() throws Exception {
    // One port to open in a firewall or to forward through an SSH tunnel: the registry hands out
    // a connector stub that points at JMX_PORT again, under the host name the node was given.
    String stub = LocateRegistry.getRegistry("127.0.0.1", jmxPort).lookup("jmxrmi").toString();
    assertThat(stub).contains("endpoint:[127.0.0.1:" + jmxPort + "]");
    assertThat(ListeningPorts.of(withJmx.pid())).contains(jmxPort);
  }

  @Test
  void aNodeStartedWithoutJmxPortListensOnItsHttpAndGridPortsOnly() throws Exception {
    assertThat(ListeningPorts.of(withoutJmx.pid()))
        .isEqualTo(Set.of(withoutJmx.httpPort(), withoutJmx.gridPort()));
  }
}
