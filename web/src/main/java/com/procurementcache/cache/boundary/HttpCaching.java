package com.procurementcache.cache.boundary;

import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.CacheTier;
import jakarta.ws.rs.core.EntityTag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** The HTTP caching headers of a cached answer: pure functions of the value and its tier. */
public final class HttpCaching {

  /** RFC 9211 names the cache that reports in {@code Cache-Status}. */
  public static final String CACHE_STATUS = "Cache-Status";

  private static final String CACHE_NAME = "procurement-cache";

  private HttpCaching() {}

  /**
   * {@code private, max-age=<freshness>, stale-while-revalidate=<retention − freshness>}. The
   * answer is per user (private). A stale answer gets {@code max-age=0}; nightly data is fresh at
   * most until the next refresh, so its max-age ends there.
   *
   * @param nextRefresh when the data changes next, or null if not on a schedule (master data)
   */
  public static String cacheControl(
      CacheTier tier, CacheOutcome outcome, Instant now, Instant nextRefresh) {
    long maxAge = tier.freshness().toSeconds();
    if (nextRefresh != null) {
      maxAge = Math.min(maxAge, Math.max(0, Duration.between(now, nextRefresh).toSeconds()));
    }
    if (outcome == CacheOutcome.STALE || outcome == CacheOutcome.STALE_IF_ERROR) {
      maxAge = 0;
    }
    return "private, max-age="
        + maxAge
        + ", stale-while-revalidate="
        + tier.staleWhileRevalidate().toSeconds();
  }

  /**
   * For nightly data that has never been computed (version 0): the client must ask again rather
   * than keep the empty answer until the next scheduled refresh, since the first refresh may come
   * at any moment (a new installation runs it at once).
   */
  public static String notYetComputed() {
    return "private, no-cache";
  }

  /**
   * A strong entity tag from what identifies the representation (organization, data type, version,
   * and for a page its page parameters): equal parts, equal tag.
   */
  public static EntityTag etag(Object... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Object part : parts) {
        digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      byte[] hash = digest.digest();
      return new EntityTag(
          Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27), false);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The RFC 9211 {@code Cache-Status} of an answer computed without the cache. */
  public static String bypassed() {
    return CACHE_NAME + "; fwd=bypass";
  }

  /** The RFC 9211 {@code Cache-Status} value telling how the answer was obtained. */
  public static String cacheStatus(CacheOutcome outcome) {
    return CACHE_NAME
        + switch (outcome) {
          case HIT -> "; hit";
          case STALE -> "; hit; fwd=stale";
          case STALE_IF_ERROR -> "; hit; fwd=stale; detail=stale-if-error";
          case COMPUTED -> "; fwd=miss; stored";
          case COLLAPSED -> "; fwd=miss; collapsed";
        };
  }
}
