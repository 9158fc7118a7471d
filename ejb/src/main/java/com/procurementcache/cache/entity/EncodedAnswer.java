package com.procurementcache.cache.entity;

import java.time.Instant;
import java.util.Objects;

/**
 * An answer of the data API as it goes on the wire: the encoded JSON body and what its headers are
 * made of. A node keeps these in its local layer ({@code LocalAnswers}) so that a hit copies bytes
 * instead of reading the cluster cache and building the document again.
 *
 * @param body the UTF-8 JSON document
 * @param etag the {@code ETag} header value (quoted, strong)
 * @param lastModified the {@code Last-Modified} header value (an HTTP date); null when the data has
 *     never been produced
 * @param tier the data type's tier, for {@code Cache-Control}
 * @param nextRefreshAt when nightly data changes next (its {@code max-age} ends there); null for
 *     master data
 * @param notYetComputed nightly data never computed (version 0): {@code Cache-Control: no-cache}
 * @param changeVersion the organization's change version the value reflects: an answer below the
 *     version this node knows now is never served
 * @param freshUntil when the value stops being fresh in its tier, or nightly data reaches its next
 *     refresh: the local layer serves it until then at most
 */
public record EncodedAnswer(
    byte[] body,
    String etag,
    String lastModified,
    CacheTier tier,
    Instant nextRefreshAt,
    boolean notYetComputed,
    long changeVersion,
    Instant freshUntil) {

  public EncodedAnswer {
    Objects.requireNonNull(body, "an answer has a body");
    Objects.requireNonNull(etag, "an answer has an entity tag");
    Objects.requireNonNull(tier, "an answer has a tier");
    Objects.requireNonNull(freshUntil, "an answer says until when it is fresh");
  }

  /** Whether {@code ifNoneMatch} (an {@code If-None-Match} header value) names this answer. */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    String header = ifNoneMatch.strip();
    if (header.equals("*") || header.equals(etag)) {
      return true;
    }
    for (String tag : header.split(",")) {
      String candidate = tag.strip();
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2); // weak comparison (RFC 9110 13.1.2)
      }
      if (candidate.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
