package com.procurementcache.cache.entity;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of a long list: {@code page} (from 0), {@code size} (1 to the maximum) and {@code sort}
 * ({@code field} or {@code field,asc|desc}, field from the type's list).
 */
public record PageRequest(int page, int size, String field, boolean descending) {

  /**
   * The page the query parameters ask for; absent ones take the defaults.
   *
   * @throws IllegalArgumentException naming the parameter that is wrong
   */
  public static PageRequest parse(
      String page,
      String size,
      String sort,
      List<String> sortable,
      String defaultSort,
      int defaultSize,
      int maxSize) {
    int number = page == null ? 0 : integer("page", page, 0, Integer.MAX_VALUE);
    int length = size == null ? defaultSize : integer("size", size, 1, maxSize);
    String[] parts = (sort == null || sort.isBlank() ? defaultSort : sort).split(",", -1);
    if (parts.length > 2 || !sortable.contains(parts[0])) {
      throw new IllegalArgumentException(
          "sort must be one of "
              + String.join(", ", sortable)
              + ", optionally followed by ,asc or ,desc; got '"
              + sort
              + "'.");
    }
    boolean descending = false;
    if (parts.length == 2) {
      switch (parts[1]) {
        case "asc" -> descending = false;
        case "desc" -> descending = true;
        default ->
            throw new IllegalArgumentException(
                "sort direction must be asc or desc; got '" + parts[1] + "'.");
      }
    }
    return new PageRequest(number, length, parts[0], descending);
  }

  private static int integer(String name, String value, int min, int max) {
    try {
      int number = Integer.parseInt(value.trim());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // fall through to the problem below
    }
    throw new IllegalArgumentException(
        name
            + " must be a whole number from "
            + min
            + (max == Integer.MAX_VALUE ? " on" : " to " + max)
            + "; got '"
            + value
            + "'.");
  }

  /** The sort as the client may repeat it: {@code field,asc} or {@code field,desc}. */
  public String sort() {
    return field + (descending ? ",desc" : ",asc");
  }

  /** The items of this page of {@code value}, in the requested order. */
  public List<String> itemsOf(CachedValue value) {
    List<String> items = value.items();
    int[] ascending = value.ascending().get(field);
    int total = items.size();
    long first = (long) page * size;
    List<String> slice = new ArrayList<>();
    for (long i = first; i < Math.min(total, first + size); i++) {
      int position = (int) (descending ? total - 1 - i : i);
      slice.add(items.get(ascending[position]));
    }
    return slice;
  }

  public int totalPages(int totalItems) {
    return (totalItems + size - 1) / size;
  }
}
