package com.procurementcache.security.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.procurementcache.security.entity.VerifiedToken;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The tokens this node has verified, so that a token is checked once rather than on every request
 * (docs/adr/0008). Only valid tokens are kept, keyed by the SHA-256 of the raw token (any changed
 * byte is another key, and no token is kept in memory), at most {@code maxSize} of them, each no
 * longer than its expiry and {@code maxAge}; a hit is checked again against the clock ({@code exp},
 * {@code nbf}) and against the key it was verified with. What the token says (groups, organization)
 * is still checked on every request by whoever asks.
 */
final class TokenCache {

  /** A verified token, when it becomes valid, and the key generation it was verified with. */
  private record Entry(VerifiedToken token, Instant notBefore, long keyGeneration) {}

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(TokenCache::sha256);

  private final Cache<ByteBuffer, Entry> verified;
  private final Clock clock;
  private final Duration maxAge;

  TokenCache(int maxSize, Duration maxAge, Clock clock) {
    if (maxSize < 0) {
      throw new IllegalArgumentException("security.token-cache.max-size must not be negative");
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("security.token-cache.max-age must not be negative");
    }
    this.clock = clock;
    this.maxAge = maxAge;
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(maxSize)
            .ticker(() -> clock.millis() * 1_000_000L)
            .expireAfter(new UntilExpiry())
            .build();
  }

  /** The verified token of {@code raw}, if it was kept, is valid now and used key {@code key}. */
  Optional<VerifiedToken> get(String raw, long key) {
    ByteBuffer digest = digest(raw);
    Entry entry = verified.getIfPresent(digest);
    if (entry == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    boolean valid =
        entry.keyGeneration() == key
            && now.isBefore(entry.token().expiresAt())
            && (entry.notBefore() == null || !now.isBefore(entry.notBefore()));
    if (!valid) {
      verified.invalidate(digest);
      return Optional.empty();
    }
    return Optional.of(entry.token());
  }

  /** Keeps {@code token}, verified from {@code raw} with key {@code key}. */
  void put(String raw, VerifiedToken token, Instant notBefore, long key) {
    if (maxAge.isZero()) {
      return;
    }
    verified.put(digest(raw), new Entry(token, notBefore, key));
  }

  /** Forgets every token (the key changed). */
  void clear() {
    verified.invalidateAll();
  }

  long size() {
    verified.cleanUp();
    return verified.estimatedSize();
  }

  private static ByteBuffer digest(String raw) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    return ByteBuffer.wrap(digest.digest(raw.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** An entry lives until its token expires, and no longer than the maximum age. */
  private final class UntilExpiry implements Expiry<ByteBuffer, Entry> {

    @Override
    public long expireAfterCreate(ByteBuffer key, Entry entry, long currentTime) {
      Duration left = Duration.between(clock.instant(), entry.token().expiresAt());
      Duration kept = left.compareTo(maxAge) < 0 ? left : maxAge;
      return kept.isNegative() ? 0 : kept.toNanos();
    }

    @Override
    public long expireAfterUpdate(
        ByteBuffer key, Entry entry, long currentTime, long currentDuration) {
      return expireAfterCreate(key, entry, currentTime);
    }

    @Override
    public long expireAfterRead(
        ByteBuffer key, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
