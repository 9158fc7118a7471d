package com.procurementcache.cache.boundary;

import com.procurementcache.cache.entity.CacheOutcome;
import com.procurementcache.cache.entity.CachedValue;
import com.procurementcache.cache.entity.EncodedAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The one place that makes a cached answer's bytes and headers, for both ways it leaves the node:
 * the JAX-RS resource ({@link OrganizationDataResource}) and the short path for hits ({@link
 * CachedAnswerFilter}). Equal answer, equal bytes, equal headers.
 */
final class WireAnswer {

  static final String CONTENT_TYPE = "application/json";

  /** IMF-fixdate (RFC 9110 5.6.7): two-digit day, GMT. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private WireAnswer() {}

  /** {@code answer} (from the cache, not live) as it goes on the wire. */
  static EncodedAnswer encode(DataAnswer answer) {
    CachedValue value = answer.value();
    Instant freshUntil = value.computedAt().plus(answer.tier().freshness());
    if (answer.nextRefreshAt() != null && answer.nextRefreshAt().isBefore(freshUntil)) {
      freshUntil = answer.nextRefreshAt();
    }
    return new EncodedAnswer(
        DataDocument.of(answer).getBytes(StandardCharsets.UTF_8),
        "\"" + etag(answer) + "\"",
        value.refreshedAt() == null ? null : HTTP_DATE.format(value.refreshedAt()),
        answer.tier(),
        answer.nextRefreshAt(),
        answer.notYetComputed(),
        value.changeVersion(),
        freshUntil);
  }

  /**
   * The headers of {@code answer} served with {@code outcome} at {@code now}, 200 or 304 alike:
   * {@code ETag}, {@code Cache-Control}, {@code Cache-Status} and {@code Last-Modified}.
   */
  static void headers(
      EncodedAnswer answer, CacheOutcome outcome, Instant now, BiConsumer<String, String> header) {
    header.accept("ETag", answer.etag());
    header.accept(
        "Cache-Control",
        answer.notYetComputed()
            ? HttpCaching.notYetComputed()
            : HttpCaching.cacheControl(answer.tier(), outcome, now, answer.nextRefreshAt()));
    header.accept(HttpCaching.CACHE_STATUS, HttpCaching.cacheStatus(outcome));
    if (answer.lastModified() != null) {
      header.accept("Last-Modified", answer.lastModified());
    }
  }

  /** Equal organization, type, version and page parameters: equal tag. */
  private static String etag(DataAnswer answer) {
    String slug = answer.type().slug();
    long version = answer.value().version();
    return answer
        .paging()
        .map(
            p ->
                HttpCaching.etag(
                    answer.organization(), slug, version, p.page(), p.size(), p.sort()))
        .orElseGet(() -> HttpCaching.etag(answer.organization(), slug, version))
        .getValue();
  }
}
