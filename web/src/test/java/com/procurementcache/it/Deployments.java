package com.procurementcache.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployment under test: the very WAR the build packaged, as users run it. */
public final class Deployments {

  private Deployments() {}

  /**
   * The packaged WAR under the name that puts it at the server's root context, where the run
   * command serves it too: the dashboard's pages call the API and the push socket at their origin's
   * root.
   */
  public static WebArchive packagedWar() {
    WebArchive packaged =
        ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war")));
    return ShrinkWrap.create(WebArchive.class, "ROOT.war").merge(packaged);
  }
}
