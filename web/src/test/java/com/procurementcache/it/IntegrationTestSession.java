package com.procurementcache.it;

import com.procurementcache.demo.control.DatabaseProvisioner;
import com.procurementcache.demo.control.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prepares what the Payara Micro nodes of the integration tests need before the first one starts —
 * an empty database of the suite's own and a signing key pair — and drops the database when the
 * suite ends. Only active in the failsafe run, which names the database.
 */
public class IntegrationTestSession implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!TestEnvironment.active()) {
      return;
    }
    try {
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      DatabaseProvisioner provisioner = new DatabaseProvisioner(TestEnvironment.database());
      provisioner.drop();
      provisioner.ensureExists();
      SigningKeys.generate().save(Path.of(System.getProperty("it.keys.dir")));
    } catch (Exception e) {
      throw new IllegalStateException("could not prepare the integration test environment", e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (!TestEnvironment.active()) {
      return;
    }
    try {
      new DatabaseProvisioner(TestEnvironment.database()).drop();
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop the integration test database", e);
    }
  }
}
