-- The exact bytes a webhook sends. 'payload' is jsonb, which normalises whitespace and key order:
-- good for querying the ledger, but the body a caller gave is what receivers get and what the
-- signature covers, the same on every retry. NULL only for rows written before this column.
ALTER TABLE webhook_deliveries ADD COLUMN body text;

COMMENT ON COLUMN webhook_deliveries.body IS 'the request body exactly as sent (payload holds it as jsonb)';
COMMENT ON COLUMN webhook_deliveries.attempts IS 'attempts started; a claim counts one before the request is sent';
COMMENT ON COLUMN webhook_deliveries.next_attempt_at IS 'when a pending delivery is next due; while an attempt is under way, when its claim lapses';
