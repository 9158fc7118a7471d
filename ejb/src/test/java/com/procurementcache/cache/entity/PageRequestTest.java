package com.procurementcache.cache.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  private static final List<String> SORTABLE = List.of("totalSpend", "productName");

  private static PageRequest parse(String page, String size, String sort) {
    return PageRequest.parse(page, size, sort, SORTABLE, "totalSpend,desc", 50, 500);
  }

  @Test
  void absentParametersTakeTheDefaults() {
    assertThat(parse(null, null, null)).isEqualTo(new PageRequest(0, 50, "totalSpend", true));
  }

  @Test
  void sortWithoutDirectionIsAscending() {
    assertThat(parse("2", "10", "productName"))
        .isEqualTo(new PageRequest(2, 10, "productName", false));
  }

  @Test
  void sizeAboveTheMaximumIsRefused() {
    assertThatThrownBy(() -> parse(null, "501", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size must be a whole number from 1 to 500");
  }

  @Test
  void zeroOrNegativeOrNonNumericValuesAreRefused() {
    assertThatThrownBy(() -> parse(null, "0", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("-1", null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("one", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'one'");
  }

  @Test
  void sortOutsideTheWhitelistIsRefused() {
    assertThatThrownBy(() -> parse(null, null, "organization_id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("totalSpend, productName");
    assertThatThrownBy(() -> parse(null, null, "totalSpend,sideways"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asc or desc");
    assertThatThrownBy(() -> parse(null, null, "totalSpend,desc,again"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPageIsCutInTheRequestedOrder() {
    // items in natural order; ascending by spend: c (0), a (1), b (2)
    CachedValue value =
        CachedValue.listOf(
            1,
            Instant.EPOCH,
            Instant.EPOCH,
            List.of("\"a\"", "\"b\"", "\"c\""),
            Map.of("totalSpend", new int[] {2, 0, 1}, "productName", new int[] {0, 1, 2}));

    assertThat(parse("0", "2", "totalSpend,asc").itemsOf(value)).containsExactly("\"c\"", "\"a\"");
    assertThat(parse("1", "2", "totalSpend,asc").itemsOf(value)).containsExactly("\"b\"");
    assertThat(parse("0", "2", "totalSpend,desc").itemsOf(value)).containsExactly("\"b\"", "\"a\"");
    assertThat(parse("5", "2", null).itemsOf(value)).isEmpty();
    assertThat(parse("0", "2", null).totalPages(3)).isEqualTo(2);
  }
}
