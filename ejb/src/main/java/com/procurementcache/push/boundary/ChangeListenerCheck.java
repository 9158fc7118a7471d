package com.procurementcache.push.boundary;

import com.procurementcache.push.control.ChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The change listener's connection, reported but not fatal (docs/adr/0006): while it reconnects the
 * catch-up poll still delivers every change, one poll interval later, so the node stays ready. The
 * data says whether it listens, since when, and the poll's last read; why it lost its connection is
 * in the log, not in this public probe.
 */
@Readiness
@ApplicationScoped
public class ChangeListenerCheck implements HealthCheck {

  @Inject ChangeFeed feed;

  @Override
  public HealthCheckResponse call() {
    ChangeListener.State state = feed.listener();
    Instant lastPoll = feed.lastPoll();
    var response =
        HealthCheckResponse.named("change-listener")
            .up()
            .withData("listening", state.listening())
            .withData("since", state.since().toString())
            .withData("reconnects", state.reconnects())
            .withData("delivery", state.listening() ? "notify+poll" : "poll")
            .withData("lastPoll", lastPoll == null ? "never" : lastPoll.toString());
    return response.build();
  }
}
