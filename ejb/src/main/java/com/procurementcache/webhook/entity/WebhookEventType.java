package com.procurementcache.webhook.entity;

import com.procurementcache.schema.entity.StoredName;

/**
 * What a webhook message is about. The wire name is the body's {@code type}, the ledger's {@code
 * webhook_deliveries.event_type} (its CHECK constraint allows exactly these) and what receivers
 * dispatch on: it never changes for an existing type.
 */
public enum WebhookEventType implements StoredName {
  /** A refresh run finished and succeeded. */
  NIGHTLY_UPDATE_COMPLETE("nightly_update_complete"),
  /** A refresh run finished without success (failed, timed out, errors). */
  NIGHTLY_UPDATE_ERROR("nightly_update_error"),
  /** A scheduled night that no node ran within the catch-up window. */
  NIGHTLY_UPDATE_MISSED("nightly_update_missed"),
  /** The last successful refresh is older than the staleness limit. */
  NIGHTLY_UPDATE_OVERDUE("nightly_update_overdue");

  private final String wireName;

  WebhookEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the message body and in {@code webhook_deliveries.event_type}. */
  @Override
  public String wireName() {
    return wireName;
  }

  /** The wire name, so that log lines read as before. */
  @Override
  public String toString() {
    return wireName;
  }
}
