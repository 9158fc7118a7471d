package com.procurementcache.cache;

import com.procurementcache.it.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * {@link CacheApiContract} on the packaged WAR as users run it: hits of the node's local layer are
 * answered by the short path in front of JAX-RS.
 */
class CacheApiIT extends CacheApiContract {

  @Deployment(testable = false)
  public static WebArchive war() {
    return Deployments.packagedWar();
  }
}
