package com.procurementcache.cache.boundary;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON answer of a data type: a small envelope around the data, whose JSON PostgreSQL already
 * wrote (it is put in as it is, never parsed again). The envelope's values are ids, slugs, numbers
 * and ISO instants, none of which needs escaping.
 */
final class DataDocument {

  private DataDocument() {}

  static String of(
      UUID organization,
      String dataType,
      long version,
      Instant refreshedAt,
      Instant nextRefreshAt,
      String data,
      Page page) {
    StringBuilder json = new StringBuilder(data.length() + 300);
    json.append("{\"organizationId\":\"")
        .append(organization)
        .append("\",\"dataType\":\"")
        .append(dataType)
        .append("\",\"version\":")
        .append(version)
        .append(",\"refreshedAt\":")
        .append(instant(refreshedAt))
        .append(",\"nextRefreshAt\":")
        .append(instant(nextRefreshAt))
        .append(",\"data\":")
        .append(data);
    if (page != null) {
      json.append(",\"page\":{\"number\":")
          .append(page.number())
          .append(",\"size\":")
          .append(page.size())
          .append(",\"totalItems\":")
          .append(page.totalItems())
          .append(",\"totalPages\":")
          .append(page.totalPages())
          .append(",\"sort\":\"")
          .append(page.sort())
          .append("\"}");
    }
    return json.append('}').toString();
  }

  static String array(List<String> items) {
    return "[" + String.join(",", items) + "]";
  }

  private static String instant(Instant instant) {
    return instant == null ? "null" : "\"" + instant + "\"";
  }

  /** Where a page sits in its list. */
  record Page(int number, int size, int totalItems, int totalPages, String sort) {}
}
