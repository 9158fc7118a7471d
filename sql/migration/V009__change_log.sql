-- The change log: one row per change of an organization's data, numbered per organization
-- 1, 2, 3, … without gaps. It is what the push stream (docs/push.md) delivers and replays.
--
-- The plan's cache_invalidation_log keeps its meaning — one row per organization, its latest
-- update — and now also holds that organization's latest version: the row every change of the
-- organization updates, so its lock is what orders the organization's changes. A version is
-- assigned under that row lock in the transaction of the change, never from a sequence (sequence
-- values commit out of order; a reader skipping "seen" numbers would drop changes).
ALTER TABLE cache_invalidation_log ADD COLUMN version bigint NOT NULL DEFAULT 0 CHECK (version >= 0);

CREATE TABLE change_log (
    organization_id     uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    version             bigint      NOT NULL CHECK (version > 0),
    reason              text        NOT NULL
        CHECK (reason IN ('nightly_refresh', 'manual', 'data_change', 'preferences')),
    -- the data types (URL slugs) whose cached answers the change made old
    data_types          text[]      NOT NULL,
    -- a write by another system to the source tables: nightly data stays the last snapshot
    source_changed      boolean     NOT NULL DEFAULT false,
    -- a refresh's key figures that moved by more than the change threshold
    significant_changes jsonb       NOT NULL DEFAULT '[]',
    run_id              uuid        REFERENCES refresh_runs (id) ON DELETE SET NULL,
    refreshed_at        timestamptz,
    -- the wall clock when the row was written, just before its transaction commits
    changed_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (organization_id, version)
);
CREATE INDEX change_log_changed_at_idx ON change_log (changed_at);

-- Appends the organization's next change and returns its version; NULL (and nothing written)
-- when the organization does not exist (a cascade of its deletion).
CREATE FUNCTION change_log_record(org uuid, why text, types text[], source_changed boolean,
                                  changes jsonb, run uuid, refreshed timestamptz)
    RETURNS bigint
    LANGUAGE plpgsql
AS $$
DECLARE
    v bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = org) THEN
        RETURN NULL;
    END IF;
    INSERT INTO cache_invalidation_log AS l (organization_id, updated_at, update_type, version)
    VALUES (org, clock_timestamp(), why, 1)
    ON CONFLICT (organization_id)
        DO UPDATE SET version = l.version + 1, updated_at = EXCLUDED.updated_at,
                      update_type = EXCLUDED.update_type
    RETURNING l.version INTO v;
    INSERT INTO change_log (organization_id, version, reason, data_types, source_changed,
                            significant_changes, run_id, refreshed_at)
    VALUES (org, v, why, types, source_changed, coalesce(changes, '[]'), run, refreshed);
    RETURN v;
END;
$$;

-- NOTIFY is only a wake-up: it says which organization reached which version; the rows are read
-- from the table (a node that missed the notification finds them with its catch-up poll).
CREATE FUNCTION change_log_notify() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('change_log', NEW.organization_id::text || ' ' || NEW.version::text);
    RETURN NEW;
END;
$$;

CREATE TRIGGER change_log_notification
    AFTER INSERT ON change_log
    FOR EACH ROW
    EXECUTE FUNCTION change_log_notify();

-- Writes by other systems: one data_change per organization per transaction, whatever the number
-- of statements and rows. The master data the product serves (suppliers, locations) is made old
-- at once; the nightly figures stay the last snapshot until the next refresh (source_changed).
CREATE FUNCTION change_log_record_source_write(orgs uuid[]) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    org    uuid;
    marker text;
BEGIN
    FOR org IN SELECT DISTINCT o FROM unnest(orgs) AS o WHERE o IS NOT NULL ORDER BY 1 LOOP
        -- A transaction-local setting remembers that this transaction recorded the organization.
        marker := 'procurement_cache_change.o' || replace(org::text, '-', '');
        IF coalesce(current_setting(marker, true), '') <> txid_current()::text THEN
            PERFORM change_log_record(org, 'data_change', ARRAY ['suppliers', 'locations'], true,
                                      '[]', NULL, NULL);
            PERFORM set_config(marker, txid_current()::text, true);
        END IF;
    END LOOP;
END;
$$;

CREATE FUNCTION change_log_source_inserted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'organizations' THEN
        PERFORM change_log_record_source_write(ARRAY(SELECT DISTINCT id FROM new_rows));
    ELSE
        PERFORM change_log_record_source_write(ARRAY(SELECT DISTINCT organization_id FROM new_rows));
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION change_log_source_updated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'organizations' THEN
        PERFORM change_log_record_source_write(ARRAY(SELECT DISTINCT id FROM new_rows));
    ELSE
        PERFORM change_log_record_source_write(
            ARRAY(SELECT organization_id FROM new_rows UNION SELECT organization_id FROM old_rows));
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION change_log_source_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME <> 'organizations' THEN
        PERFORM change_log_record_source_write(ARRAY(SELECT DISTINCT organization_id FROM old_rows));
    END IF;
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY ['organizations', 'locations', 'suppliers', 'products', 'invoices',
                              'invoice_lines'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION change_log_source_inserted()',
                       t || '_change_log_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION change_log_source_updated()',
                       t || '_change_log_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION change_log_source_deleted()',
                       t || '_change_log_delete', t);
    END LOOP;
END;
$$;
