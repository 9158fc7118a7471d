-- The webhook ledger's event types, as its statuses already are: one of a known set, the names of
-- WebhookEventType (a test holds the two together). Every row written so far has one of them.
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_type_check
    CHECK (event_type IN ('nightly_update_complete', 'nightly_update_error',
                          'nightly_update_missed', 'nightly_update_overdue'));
