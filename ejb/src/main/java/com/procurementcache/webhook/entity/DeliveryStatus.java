package com.procurementcache.webhook.entity;

import com.procurementcache.schema.entity.StoredName;

/**
 * Where a webhook message is in its delivery ({@code webhook_deliveries.status}; its CHECK
 * constraint allows exactly these names). Pending until an attempt gets a 2xx (delivered) or the
 * last attempt fails (failed); both ends are final.
 */
public enum DeliveryStatus implements StoredName {
  /** Due for its next attempt at {@code next_attempt_at}, or under way. */
  PENDING("pending"),
  /** A receiver answered 2xx. */
  DELIVERED("delivered"),
  /** Every attempt failed; nothing sends it again. */
  FAILED("failed");

  private final String wireName;

  DeliveryStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The value stored in {@code webhook_deliveries.status}. */
  @Override
  public String wireName() {
    return wireName;
  }

  /**
   * The value as an SQL string literal, for statements whose status must stay a literal: the
   * planner matches a partial index ({@code WHERE status = 'pending'}) only against a literal,
   * never against a bind parameter of a generic plan.
   */
  public String sqlLiteral() {
    return "'" + wireName + "'";
  }

  /** The stored name, so that log lines read as before. */
  @Override
  public String toString() {
    return wireName;
  }
}
