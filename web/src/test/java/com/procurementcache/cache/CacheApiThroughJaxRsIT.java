package com.procurementcache.cache;

import com.procurementcache.it.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * {@link CacheApiContract} with the node's local layer turned off ({@code
 * cache.local.max-bytes=0}): every request, hits included, goes through the JAX-RS resource, so the
 * API answers the same on both paths.
 */
class CacheApiThroughJaxRsIT extends CacheApiContract {

  @Deployment(testable = false)
  public static WebArchive war() {
    return Deployments.packagedWar()
        .addAsResource(
            new StringAsset("config_ordinal=150\ncache.local.max-bytes=0\n"),
            "META-INF/microprofile-config.properties");
  }
}
