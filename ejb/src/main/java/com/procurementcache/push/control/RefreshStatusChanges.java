package com.procurementcache.push.control;

import com.procurementcache.push.entity.RefreshProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node last told each subscribed organization's subscribers about the refresh, and so
 * what a new reading changes for them.
 *
 * <p>Readings are numbered when they start: a reading that started earlier never overwrites one
 * that started later (a watch tick that read just before a new subscriber's own reading), so a
 * subscriber is never sent back to an older state.
 *
 * <p>A viewer is told only what its own organization's view says: the run's state, the run and its
 * organization's place in it. The run-wide counts alone changing tells admins only, so that a
 * viewer cannot count the other tenants by the rhythm of its messages.
 */
public class RefreshStatusChanges {

  /** A view to send to an organization's subscribers; to its viewers too when {@code viewers}. */
  public record Update(RefreshProgress progress, boolean viewers) {
    public Update {
      Objects.requireNonNull(progress, "the progress to send");
    }
  }

  private record Seen(long reading, RefreshProgress progress) {}

  private final AtomicLong readings = new AtomicLong();
  private final ConcurrentMap<UUID, Seen> seen = new ConcurrentHashMap<>();

  /** Numbers a reading about to start; take the number before reading anything. */
  public long startReading() {
    return readings.incrementAndGet();
  }

  /**
   * Records a watch tick's reading of every subscribed organization and returns what to send:
   * organizations seen for the first time, and those whose view changed. Organizations no longer in
   * the reading are forgotten (unless someone read them later).
   */
  public List<Update> read(long reading, Map<UUID, RefreshProgress> views) {
    seen.entrySet()
        .removeIf(e -> e.getValue().reading() < reading && !views.containsKey(e.getKey()));
    List<Update> updates = new ArrayList<>();
    views.forEach(
        (organization, view) -> {
          Update[] update = new Update[1];
          seen.compute(
              organization,
              (o, before) -> {
                if (before != null && before.reading() > reading) {
                  return before;
                }
                update[0] = update(before == null ? null : before.progress(), view);
                return new Seen(reading, view);
              });
          if (update[0] != null) {
            updates.add(update[0]);
          }
        });
    return updates;
  }

  /**
   * Records what a new subscriber was sent on its own, when no one on this node follows the
   * organization yet: the next tick then sends it only what changes. Otherwise the others' record
   * stays, so that they still learn of a change this reading saw first.
   */
  public void told(long reading, RefreshProgress view) {
    seen.putIfAbsent(view.organizationId(), new Seen(reading, view));
  }

  /** What to send when an organization's view went from {@code before} (null: unseen) to now. */
  private static Update update(RefreshProgress before, RefreshProgress now) {
    if (before == null || !sameForViewers(before, now)) {
      return new Update(now, true);
    }
    return sameCounts(before, now) ? null : new Update(now, false);
  }

  private static boolean sameForViewers(RefreshProgress a, RefreshProgress b) {
    return a.state() == b.state()
        && a.organizationState() == b.organizationState()
        && Objects.equals(a.runId(), b.runId());
  }

  private static boolean sameCounts(RefreshProgress a, RefreshProgress b) {
    return a.organizationsDone() == b.organizationsDone()
        && a.organizationsTotal() == b.organizationsTotal();
  }
}
