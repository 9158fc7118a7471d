package com.procurementcache.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A {@link WarClient} of one node running the packaged WAR, as users run it. */
public abstract class PackagedWarClient extends WarClient {

  @Deployment(testable = false)
  public static WebArchive war() {
    return Deployments.packagedWar();
  }
}
