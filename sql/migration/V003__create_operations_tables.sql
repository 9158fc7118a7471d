-- Operations tables: the audit trail of refresh runs, the invalidation log with its
-- notification trigger, and the webhook delivery ledger.

CREATE TABLE refresh_runs (
    id                 uuid        PRIMARY KEY,
    -- The scheduled night this run belongs to; unique, so one run per night per cluster.
    -- NULL for runs started by hand (API, JMX).
    scheduled_night    date        UNIQUE,
    trigger            text        NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'api', 'jmx')),
    requested_by       text,
    forced             boolean     NOT NULL DEFAULT false,
    organization_ids   uuid[],
    status             text        NOT NULL
        CHECK (status IN ('pending', 'running', 'completed', 'completed-with-errors', 'failed', 'timed-out')),
    phase              text,
    lease_owner        text,
    lease_expires_at   timestamptz,
    fencing_token      bigint      NOT NULL DEFAULT 0,
    started_at         timestamptz,
    heartbeat_at       timestamptz,
    ended_at           timestamptz,
    organizations_total integer    NOT NULL DEFAULT 0 CHECK (organizations_total >= 0),
    organizations_done  integer    NOT NULL DEFAULT 0 CHECK (organizations_done >= 0),
    error              text,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_runs_created_idx ON refresh_runs (created_at DESC);

CREATE TABLE refresh_outcomes (
    run_id              uuid        NOT NULL REFERENCES refresh_runs (id) ON DELETE CASCADE,
    organization_id     uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    outcome             text        NOT NULL CHECK (outcome IN
        ('refreshed', 'skipped-fresh', 'failed-validation', 'failed-error', 'timed-out')),
    rows_written        bigint      NOT NULL DEFAULT 0 CHECK (rows_written >= 0),
    duration_ms         bigint      NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    retries             integer     NOT NULL DEFAULT 0 CHECK (retries >= 0),
    significant_changes jsonb       NOT NULL DEFAULT '[]'::jsonb,
    error               text,
    started_at          timestamptz NOT NULL,
    ended_at            timestamptz NOT NULL,
    PRIMARY KEY (run_id, organization_id)
);
CREATE INDEX refresh_outcomes_organization_idx ON refresh_outcomes (organization_id, ended_at DESC);

-- The plan's invalidation log: one row per organization, upserted after each refresh; its
-- trigger tells every listener (LISTEN nightly_update_complete) that the organization changed.
CREATE TABLE cache_invalidation_log (
    organization_id uuid        PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    update_type     text        NOT NULL
);

CREATE FUNCTION trigger_nightly_update() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('nightly_update_complete',
        json_build_object(
            'organization_id', NEW.organization_id,
            'updated_at', NEW.updated_at,
            'update_type', NEW.update_type
        )::text);
    RETURN NEW;
END;
$$;

CREATE TRIGGER nightly_update_notification
    AFTER INSERT OR UPDATE ON cache_invalidation_log
    FOR EACH ROW
    EXECUTE FUNCTION trigger_nightly_update();

-- One row per webhook message (its id is the Standard Webhooks 'webhook-id'); attempts below.
CREATE TABLE webhook_deliveries (
    id               uuid        PRIMARY KEY,
    event_type       text        NOT NULL,
    run_id           uuid        REFERENCES refresh_runs (id) ON DELETE SET NULL,
    target_url       text        NOT NULL,
    payload          jsonb       NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_delivery_attempts (
    delivery_id  uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      integer     NOT NULL CHECK (attempt > 0),
    attempted_at timestamptz NOT NULL,
    status_code  integer,
    error        text,
    duration_ms  bigint      NOT NULL CHECK (duration_ms >= 0),
    PRIMARY KEY (delivery_id, attempt)
);
