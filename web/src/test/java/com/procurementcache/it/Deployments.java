package com.procurementcache.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployment under test: the very WAR the build packaged, as users run it. */
public final class Deployments {

  private Deployments() {}

  public static WebArchive packagedWar() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war")));
  }
}
