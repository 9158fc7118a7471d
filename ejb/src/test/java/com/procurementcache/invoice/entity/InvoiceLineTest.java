package com.procurementcache.invoice.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvoiceLineTest {

  private static final UUID INVOICE = UUID.randomUUID();
  private static final UUID ORG = UUID.randomUUID();
  private static final UUID PRODUCT = UUID.randomUUID();

  private static InvoiceLine line(String quantity, String unitPrice) {
    return new InvoiceLine(
        INVOICE, ORG, 1, PRODUCT, new BigDecimal(quantity), new BigDecimal(unitPrice));
  }

  @Test
  void amountIsQuantityTimesUnitPriceRoundedToCents() {
    assertThat(line("2.500", "9.8765").amount()).isEqualByComparingTo("24.69");
    assertThat(line("3", "0.3350").amount()).isEqualByComparingTo("1.01");
  }

  @Test
  void quantityMustBePositive() {
    assertThatThrownBy(() -> line("0", "1.00")).hasMessageContaining("quantity is positive");
  }

  @Test
  void unitPriceMustNotBeNegative() {
    assertThatThrownBy(() -> line("1", "-0.01")).hasMessageContaining("not negative");
  }

  @Test
  void lineNumbersStartAtOne() {
    assertThatThrownBy(
            () -> new InvoiceLine(INVOICE, ORG, 0, PRODUCT, BigDecimal.ONE, BigDecimal.ONE))
        .hasMessageContaining("start at 1");
  }
}
