package com.procurementcache.cache.entity;

import java.util.List;

/**
 * A data type as clients see it: where it is read, whether it is paged, and its cache tier — the
 * one source of truth for a client cache's {@code staleTime} ({@code freshness}) and {@code gcTime}
 * ({@code retention}).
 *
 * @param dataType the slug, as in URLs and events
 * @param nightly whether the nightly refresh recomputes it (else master data or preferences)
 * @param path where it is read, relative to the API root, {@code {organizationId}} to be filled in
 * @param sortFields for a paged type the fields it can be sorted by, the default first; else empty
 * @param freshness ISO-8601 duration of the tier's freshness
 * @param freshnessMillis the same in milliseconds
 * @param retention ISO-8601 duration of the tier's retention
 * @param retentionMillis the same in milliseconds
 */
public record ServedType(
    String dataType,
    boolean nightly,
    String path,
    boolean paged,
    List<String> sortFields,
    String freshness,
    long freshnessMillis,
    String retention,
    long retentionMillis) {

  public ServedType {
    sortFields = List.copyOf(sortFields);
  }
}
