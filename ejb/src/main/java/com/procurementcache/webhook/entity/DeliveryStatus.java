package com.procurementcache.webhook.entity;

/**
 * Where a webhook message is in its delivery ({@code webhook_deliveries.status}; its CHECK
 * constraint allows exactly these names). Pending until an attempt gets a 2xx (delivered) or the
 * last attempt fails (failed); both ends are final.
 */
public enum DeliveryStatus {
  /** Due for its next attempt at {@code next_attempt_at}, or under way. */
  PENDING("pending"),
  /** A receiver answered 2xx. */
  DELIVERED("delivered"),
  /** Every attempt failed; nothing sends it again. */
  FAILED("failed");

  private final String sqlName;

  DeliveryStatus(String sqlName) {
    this.sqlName = sqlName;
  }

  /** The value stored in {@code webhook_deliveries.status}. */
  public String sqlName() {
    return sqlName;
  }

  /**
   * The value as an SQL string literal, for statements whose status must stay a literal: the
   * planner matches a partial index ({@code WHERE status = 'pending'}) only against a literal,
   * never against a bind parameter of a generic plan.
   */
  public String sqlLiteral() {
    return "'" + sqlName + "'";
  }

  /**
   * The status of a stored value.
   *
   * @throws IllegalArgumentException for a value that is none of them
   */
  public static DeliveryStatus fromSqlName(String sqlName) {
    for (DeliveryStatus status : values()) {
      if (status.sqlName.equals(sqlName)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown webhook delivery status: " + sqlName);
  }

  @Override
  public String toString() {
    return sqlName;
  }
}
