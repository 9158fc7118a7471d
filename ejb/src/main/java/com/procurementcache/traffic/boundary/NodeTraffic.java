package com.procurementcache.traffic.boundary;

import com.procurementcache.traffic.control.RequestWindow;
import com.procurementcache.traffic.entity.TrafficSample;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This node's API traffic over the last second, recorded by the web module's filter around every
 * {@code /api} request and read by the refresh, which defers to readers.
 */
@ApplicationScoped
public class NodeTraffic {

  private final RequestWindow window = RequestWindow.oneSecond();

  /** A request arrived; returns the value to hand to {@link #finished(long)}. */
  public long started() {
    return window.started();
  }

  /** The request that started at {@code startedAt} has been answered. */
  public void finished(long startedAt) {
    window.finished(startedAt);
  }

  public TrafficSample sample() {
    return window.sample();
  }
}
