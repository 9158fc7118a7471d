package com.procurementcache.cache.boundary;

import com.procurementcache.cache.entity.PageRequest;
import java.time.Instant;

/**
 * The JSON answer of a data type: a small envelope around the data, whose JSON PostgreSQL already
 * wrote (it is put in as it is, never parsed again). The envelope's values are ids, slugs, numbers
 * and ISO instants, none of which needs escaping.
 */
final class DataDocument {

  private DataDocument() {}

  static String of(DataAnswer answer) {
    String data = answer.json();
    StringBuilder json = new StringBuilder(data.length() + 300);
    json.append("{\"organizationId\":\"")
        .append(answer.organization())
        .append("\",\"dataType\":\"")
        .append(answer.type().slug())
        .append("\",\"version\":")
        .append(answer.value().version())
        .append(",\"refreshedAt\":")
        .append(instant(answer.value().refreshedAt()))
        .append(",\"nextRefreshAt\":")
        .append(instant(answer.nextRefreshAt()))
        .append(",\"data\":")
        .append(data);
    if (answer.page() != null) {
      PageRequest page = answer.page();
      int total = answer.totalItems();
      json.append(",\"page\":{\"number\":")
          .append(page.page())
          .append(",\"size\":")
          .append(page.size())
          .append(",\"totalItems\":")
          .append(total)
          .append(",\"totalPages\":")
          .append(page.totalPages(total))
          .append(",\"sort\":\"")
          .append(page.sort())
          .append("\"}");
    }
    return json.append('}').toString();
  }

  private static String instant(Instant instant) {
    return instant == null ? "null" : "\"" + instant + "\"";
  }
}
