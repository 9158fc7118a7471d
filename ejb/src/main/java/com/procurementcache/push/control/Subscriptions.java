package com.procurementcache.push.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** This node's subscribers, by organization. */
@ApplicationScoped
public class Subscriptions {

  private final ConcurrentMap<UUID, Set<Subscriber>> byOrganization = new ConcurrentHashMap<>();

  public void add(UUID organization, Subscriber subscriber) {
    byOrganization.computeIfAbsent(organization, o -> new CopyOnWriteArraySet<>()).add(subscriber);
  }

  public void remove(UUID organization, Subscriber subscriber) {
    byOrganization.computeIfPresent(
        organization,
        (o, set) -> {
          set.remove(subscriber);
          return set.isEmpty() ? null : set;
        });
  }

  /** The subscribers of {@code organization} now. */
  public List<Subscriber> of(UUID organization) {
    Set<Subscriber> set = byOrganization.get(organization);
    return set == null ? List.of() : List.copyOf(set);
  }

  /** The organizations that have at least one subscriber on this node. */
  public Set<UUID> organizations() {
    return Set.copyOf(byOrganization.keySet());
  }

  /** How many subscriptions this node holds. */
  public int count() {
    return byOrganization.values().stream().mapToInt(Set::size).sum();
  }
}
