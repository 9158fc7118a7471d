package com.procurementcache.cache.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.procurementcache.analytics.entity.DataType;
import com.procurementcache.cache.entity.EncodedAnswer;
import com.procurementcache.cache.entity.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * This node's local layer in front of the cluster cache (docs/adr/0008): the encoded answers it
 * served lately, bounded in bytes ({@code cache.local.max-bytes}, 0 turns it off). An answer is
 * served from here only while it is fresh and no change this node has applied since made it old
 * ({@link CacheVersions}); a change also drops the organization's answers of the changed types, so
 * that an old answer never outlives its change here. JCache on the data grid stays the cluster's
 * store and the single-flight point; this layer never computes.
 */
@ApplicationScoped
public class LocalAnswers {

  /** What identifies an answer: organization, data type and, for a paged type, the page. */
  public record Key(UUID organization, DataType type, PageRequest page) {}

  /** What an entry costs besides its body: key, tag, header values, object headers. */
  private static final int OVERHEAD_BYTES = 400;

  @Inject CacheVersions versions;

  @Inject Clock clock;

  private Cache<Key, EncodedAnswer> answers;

  protected LocalAnswers() {}

  @Inject
  public LocalAnswers(CacheSettings settings) {
    long maxBytes = settings.localMaxBytes();
    answers =
        maxBytes == 0
            ? null
            : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, EncodedAnswer a) -> a.body().length + OVERHEAD_BYTES)
                .build();
  }

  /** Whether the layer is on ({@code cache.local.max-bytes} above 0). */
  public boolean enabled() {
    return answers != null;
  }

  /** The answer of {@code key}, if this node keeps one that is fresh and current. */
  public Optional<EncodedAnswer> fresh(Key key) {
    if (answers == null) {
      return Optional.empty();
    }
    EncodedAnswer answer = answers.getIfPresent(key);
    if (answer == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(answer.freshUntil())
        || answer.changeVersion() < versions.floor(key.organization(), key.type())) {
      answers.asMap().remove(key, answer);
      return Optional.empty();
    }
    return Optional.of(answer);
  }

  /** Keeps {@code answer} for {@code key}, unless a change made it old meanwhile. */
  public void keep(Key key, EncodedAnswer answer) {
    if (answers == null
        || answer.changeVersion() < versions.floor(key.organization(), key.type())) {
      return;
    }
    answers.put(key, answer);
    if (answer.changeVersion() < versions.floor(key.organization(), key.type())) {
      // a change arrived while it was put: it must not stay
      answers.asMap().remove(key, answer);
    }
  }

  /** Drops the answers of {@code types} of {@code organization} (after a change). */
  public void drop(UUID organization, Collection<DataType> types) {
    if (answers == null) {
      return;
    }
    Set<DataType> dropped = Set.copyOf(types);
    answers
        .asMap()
        .keySet()
        .removeIf(k -> k.organization().equals(organization) && dropped.contains(k.type()));
  }

  /** Drops every answer of {@code organization}. */
  public void drop(UUID organization) {
    if (answers != null) {
      answers.asMap().keySet().removeIf(k -> k.organization().equals(organization));
    }
  }

  /** How many answers this node keeps now. */
  public long size() {
    if (answers == null) {
      return 0;
    }
    answers.cleanUp();
    return answers.estimatedSize();
  }
}
