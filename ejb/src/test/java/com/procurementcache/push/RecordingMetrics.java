package com.procurementcache.push;

import com.procurementcache.push.control.PushMetrics;
import com.procurementcache.push.control.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The push metrics without a registry: what was counted, for the tests to read. */
public final class RecordingMetrics extends PushMetrics {

  public final AtomicInteger sessions = new AtomicInteger();
  public final List<String> sentTypes = new CopyOnWriteArrayList<>();
  public final AtomicInteger resyncs = new AtomicInteger();
  public final AtomicInteger slowConsumerCloses = new AtomicInteger();
  public final List<Duration> lags = new CopyOnWriteArrayList<>();

  @Override
  public void opened() {
    sessions.incrementAndGet();
  }

  @Override
  public void closed() {
    sessions.decrementAndGet();
  }

  @Override
  public void sent(ServerMessage message) {
    sentTypes.add(message.type());
  }

  @Override
  public void resync() {
    resyncs.incrementAndGet();
  }

  @Override
  public void slowConsumerClosed() {
    slowConsumerCloses.incrementAndGet();
  }

  @Override
  public void lag(Duration sinceCommit) {
    lags.add(sinceCommit);
  }
}
