-- The refresh of one organization: writes its rows of the analytics tables from the compute
-- functions (R__compute.sql) in the caller's transaction.
--
-- A Flyway repeatable migration: Flyway runs it again, after the versioned migrations, whenever
-- its content changes. Change a function here, in place; this file is its only definition
-- (V004, which created it first, is history and stays untouched). CREATE OR REPLACE keeps a
-- function's argument names and result type: to change those, DROP FUNCTION it first, here.

-- Replaces the organization's rows in all seven analytics tables with freshly computed ones of
-- version new_version, stamped refreshed_at = at, and upserts its analytics_snapshots row with
-- the source totals (spend lines and their spend, as_of cut-off). Returns the number of
-- analytics rows written (the snapshot row not counted).
--
-- Runs in the caller's transaction and commits nothing: the caller validates
-- (analytics_validate_organization) and commits or rolls back, so readers see the previous or
-- the new figures, never a mix. Only rows of org are touched.
--
-- Each statement of a plpgsql function takes its own snapshot under READ COMMITTED, so a source
-- write committed while the refresh runs can land between two tables; validation then finds the
-- totals do not reconcile (kind 'integrity') and the caller can retry. Under REPEATABLE READ all
-- seven tables see one snapshot.
--
-- Versions only go up: a new_version below the organization's current snapshot version is
-- refused (a late writer must not overwrite newer figures); the same version may be rewritten.
CREATE OR REPLACE FUNCTION analytics_refresh_organization(org uuid, new_version bigint, at timestamptz, as_of date)
    RETURNS bigint
    LANGUAGE plpgsql
AS $$
DECLARE
    current_version bigint;
    written         bigint := 0;
    n               bigint;
BEGIN
    IF org IS NULL OR new_version IS NULL OR at IS NULL OR as_of IS NULL THEN
        RAISE EXCEPTION 'analytics_refresh_organization: arguments must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- Serializes two refreshes of the same organization (the second waits, then sees the
    -- first's version) without locking the organization's row, which the source system updates.
    PERFORM pg_advisory_xact_lock(hashtextextended('analytics_refresh:' || org::text, 0));
    IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = org) THEN
        RAISE EXCEPTION 'analytics_refresh_organization: no organization %', org
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT s.version INTO current_version FROM analytics_snapshots s WHERE s.organization_id = org;
    IF new_version < current_version THEN
        RAISE EXCEPTION 'analytics_refresh_organization: version % of organization % is older than its current version %',
            new_version, org, current_version
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    DELETE FROM dashboard_metrics WHERE organization_id = org;
    INSERT INTO dashboard_metrics (organization_id, version, refreshed_at, total_spend, spend_last_30_days,
                                   spend_previous_30_days, invoice_count, open_invoice_count,
                                   active_supplier_count, product_count, location_count,
                                   average_invoice_amount)
    SELECT org, new_version, at, c.*
    FROM analytics_compute_dashboard_metrics(org, as_of) c;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    DELETE FROM product_metrics WHERE organization_id = org;
    INSERT INTO product_metrics (organization_id, product_id, version, refreshed_at, total_quantity,
                                 total_spend, purchase_count, average_unit_price, min_unit_price,
                                 max_unit_price, last_unit_price, price_change_ratio, last_purchased_on)
    SELECT org, c.product_id, new_version, at, c.total_quantity, c.total_spend, c.purchase_count,
           c.average_unit_price, c.min_unit_price, c.max_unit_price, c.last_unit_price,
           c.price_change_ratio, c.last_purchased_on
    FROM analytics_compute_product_metrics(org, as_of) c;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    DELETE FROM cogs_analysis WHERE organization_id = org;
    INSERT INTO cogs_analysis (organization_id, location_id, category, month, version, refreshed_at,
                               spend, quantity, line_count)
    SELECT org, c.location_id, c.category, c.month, new_version, at, c.spend, c.quantity, c.line_count
    FROM analytics_compute_cogs_analysis(org, as_of) c;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    DELETE FROM supplier_metrics WHERE organization_id = org;
    INSERT INTO supplier_metrics (organization_id, supplier_id, version, refreshed_at, total_spend,
                                  invoice_count, product_count, average_invoice_amount, spend_share,
                                  first_invoice_on, last_invoice_on)
    SELECT org, c.supplier_id, new_version, at, c.total_spend, c.invoice_count, c.product_count,
           c.average_invoice_amount, c.spend_share, c.first_invoice_on, c.last_invoice_on
    FROM analytics_compute_supplier_metrics(org, as_of) c;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    DELETE FROM invoice_analytics WHERE organization_id = org;
    INSERT INTO invoice_analytics (organization_id, month, version, refreshed_at, invoice_count,
                                   line_count, total_amount, average_amount, draft_count,
                                   approved_count, paid_count, void_count)
    SELECT org, c.month, new_version, at, c.invoice_count, c.line_count, c.total_amount,
           c.average_amount, c.draft_count, c.approved_count, c.paid_count, c.void_count
    FROM analytics_compute_invoice_analytics(org, as_of) c;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    DELETE FROM price_alerts WHERE organization_id = org;
    INSERT INTO price_alerts (organization_id, product_id, supplier_id, version, refreshed_at,
                              previous_unit_price, current_unit_price, change_ratio, detected_on,
                              severity)
    SELECT org, c.product_id, c.supplier_id, new_version, at, c.previous_unit_price,
           c.current_unit_price, c.change_ratio, c.detected_on, c.severity
    FROM analytics_compute_price_alerts(org, as_of) c;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    DELETE FROM efficiency_metrics WHERE organization_id = org;
    INSERT INTO efficiency_metrics (organization_id, version, refreshed_at, average_lines_per_invoice,
                                    top_three_supplier_share, price_volatility, void_invoice_ratio,
                                    average_days_between_orders)
    SELECT org, new_version, at, c.*
    FROM analytics_compute_efficiency_metrics(org, as_of) c;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    -- The source totals, straight from the source (not from the tables just written), so that
    -- validation can reconcile the two.
    INSERT INTO analytics_snapshots AS s (organization_id, version, refreshed_at, source_line_count,
                                          source_spend, as_of)
    SELECT org, new_version, at, count(*), coalesce(sum(l.amount), 0), as_of
    FROM analytics_spend_lines(org, as_of) l
    ON CONFLICT (organization_id) DO UPDATE
        SET version = excluded.version,
            refreshed_at = excluded.refreshed_at,
            source_line_count = excluded.source_line_count,
            source_spend = excluded.source_spend,
            as_of = excluded.as_of;

    RETURN written;
END;
$$;
