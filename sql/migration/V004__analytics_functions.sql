-- The analytics computation: one set-based SQL function per analytics table of V002, the
-- per-organization refresh that writes them, its validation, and the key figures that the
-- refresh compares between two refreshes.
--
-- Semantics shared by every table (one definition, used everywhere):
--
--   as_of          The figures describe the organization at the end of that day. Only invoices
--                  dated on or before as_of are looked at; "last 30 days" is as_of - 29 .. as_of,
--                  "previous 30 days" is as_of - 59 .. as_of - 30, "last 90 days" is
--                  as_of - 89 .. as_of. The refresh passes the local date of the run, so the
--                  figures are reproducible for a given as_of (tests, re-runs).
--   counted        An invoice counts when its status is not 'void' (draft, approved and paid
--                  invoices are commitments to pay; a void invoice never was one).
--   spend          The sum of invoice_lines.amount of the lines of counted invoices. The
--                  invoices.total_amount header is not used: lines carry product, quantity and
--                  price, so every table reconciles with the same lines.
--   spend line     A line of a counted invoice (analytics_spend_lines); "purchase" = one line.
--   latest         Purchases are ordered by invoice date, then invoice creation time, then line
--                  id (the insertion order), so "latest" and "previous" are deterministic.
--   price change   (latest unit price / previous unit price) - 1, rounded to 4 decimals; NULL
--                  when there is no previous purchase or the previous price was 0
--                  (analytics_change_ratio).
--
-- The compute functions are LANGUAGE sql STABLE, not STRICT, without SET clauses, with a body of
-- one SELECT: so the planner inlines them (and the helpers they call) into the calling query,
-- and they see the caller's snapshot. Every value is rounded or cast to the scale of its column,
-- so a computed row equals the stored row exactly (the cache's bypass path serves the former,
-- the nightly path the latter).

---------------------------------------------------------------------------------------------
-- Schema additions
---------------------------------------------------------------------------------------------

-- The as_of the snapshot was computed for. Validation needs it to recompute the source totals
-- with the same cut-off; NULL (a snapshot written by something else) means "no cut-off".
ALTER TABLE analytics_snapshots ADD COLUMN as_of date;

-- Every compute function joins the organization's lines to their invoices. With only
-- (organization_id) on invoice_lines the planner, multiplying the selectivities of
-- organization_id and invoice_id as if they were independent, expects 1 line per invoice and
-- picks a nested loop that ANDs the whole organization's bitmap once per invoice: ~15 ms instead
-- of ~1 ms per statement at bench scale. On (organization_id, invoice_id) the same nested loop is
-- one precise index probe per invoice, and a hash join still has the organization prefix.
-- The new index makes the old single-column one redundant (same prefix), so it goes.
-- (A covering variant, INCLUDE the line's columns for index-only scans, measured ~10 % faster
-- refreshes for 500 MB more index at bench scale: not worth it.)
CREATE INDEX invoice_lines_organization_invoice_idx ON invoice_lines (organization_id, invoice_id);
DROP INDEX invoice_lines_organization_idx;

---------------------------------------------------------------------------------------------
-- Building blocks (inlined into the compute functions)
---------------------------------------------------------------------------------------------

-- The organization's invoices dated on or before as_of, every status, with "counted" spelt out.
CREATE FUNCTION analytics_source_invoices(org uuid, as_of date)
    RETURNS TABLE (invoice_id uuid, supplier_id uuid, location_id uuid, invoice_date date,
                   created_at timestamptz, status text, counted boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT i.id, i.supplier_id, i.location_id, i.invoice_date, i.created_at, i.status,
           i.status <> 'void'
    FROM invoices i
    WHERE i.organization_id = org
      AND i.invoice_date <= as_of
$$;

-- The spend lines: lines of the organization's counted invoices dated on or before as_of,
-- with the invoice attributes the analytics group by.
CREATE FUNCTION analytics_spend_lines(org uuid, as_of date)
    RETURNS TABLE (line_id bigint, invoice_id uuid, supplier_id uuid, location_id uuid,
                   invoice_date date, created_at timestamptz, product_id uuid,
                   quantity numeric, unit_price numeric, amount numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT l.id, l.invoice_id, i.supplier_id, i.location_id, i.invoice_date, i.created_at,
           l.product_id, l.quantity, l.unit_price, l.amount
    FROM invoices i
    JOIN invoice_lines l ON l.organization_id = i.organization_id AND l.invoice_id = i.id
    WHERE i.organization_id = org
      AND l.organization_id = org
      AND i.invoice_date <= as_of
      AND i.status <> 'void'
$$;

-- Relative price change, clamped to what numeric(10, 4) holds so that an absurd price (which
-- validation reports as an anomaly) cannot make the refresh fail with an overflow.
CREATE FUNCTION analytics_change_ratio(current_price numeric, previous_price numeric)
    RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN previous_price > 0
                THEN least(round(current_price / previous_price - 1, 4), 999999.9999)
           END
$$;

-- Price alert severity of a price change; NULL below the alert threshold. A move (up or down)
-- of more than 10 % is worth a look (info), more than 20 % changes a menu's margin (warning),
-- more than 30 % needs action (critical). In the generated data the month-to-month noise (at
-- most +/- 6 %, fresh produce) rarely crosses 10 %; its step changes (8-30 %) do.
CREATE FUNCTION analytics_price_alert_severity(change_ratio numeric)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN abs(change_ratio) > 0.30 THEN 'critical'
                WHEN abs(change_ratio) > 0.20 THEN 'warning'
                WHEN abs(change_ratio) > 0.10 THEN 'info'
           END
$$;

---------------------------------------------------------------------------------------------
-- Compute functions: one row set per analytics table, its columns except organization_id,
-- version and refreshed_at, in table order.
---------------------------------------------------------------------------------------------

-- dashboard_metrics: always exactly one row (zeros for an organization without invoices).
--   total_spend             spend
--   spend_last_30_days      spend of invoices dated in the last 30 days
--   spend_previous_30_days  spend of invoices dated in the 30 days before those
--   invoice_count           counted invoices
--   open_invoice_count      invoices not yet paid: status draft or approved
--   active_supplier_count   suppliers with a counted invoice in the last 90 days
--   product_count           products with at least one spend line (= rows of product_metrics)
--   location_count          locations with at least one counted invoice
--   average_invoice_amount  total_spend / invoice_count (0 without invoices)
CREATE FUNCTION analytics_compute_dashboard_metrics(org uuid, as_of date)
    RETURNS TABLE (total_spend numeric(16, 2), spend_last_30_days numeric(16, 2),
                   spend_previous_30_days numeric(16, 2), invoice_count bigint,
                   open_invoice_count bigint, active_supplier_count integer,
                   product_count integer, location_count integer,
                   average_invoice_amount numeric(14, 2))
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH inv AS (
        SELECT count(*) FILTER (WHERE counted) AS invoice_count,
               count(*) FILTER (WHERE status IN ('draft', 'approved')) AS open_invoice_count,
               count(DISTINCT supplier_id) FILTER (WHERE counted AND invoice_date > as_of - 90)
                   AS active_supplier_count,
               count(DISTINCT location_id) FILTER (WHERE counted) AS location_count
        FROM analytics_source_invoices(org, as_of)
    ), spend AS (
        SELECT coalesce(sum(amount), 0) AS total,
               coalesce(sum(amount) FILTER (WHERE invoice_date > as_of - 30), 0) AS last_30,
               coalesce(sum(amount) FILTER (WHERE invoice_date > as_of - 60
                                              AND invoice_date <= as_of - 30), 0) AS previous_30,
               count(DISTINCT product_id) AS product_count
        FROM analytics_spend_lines(org, as_of)
    )
    SELECT spend.total::numeric(16, 2),
           spend.last_30::numeric(16, 2),
           spend.previous_30::numeric(16, 2),
           inv.invoice_count,
           inv.open_invoice_count,
           inv.active_supplier_count::integer,
           spend.product_count::integer,
           inv.location_count::integer,
           CASE WHEN inv.invoice_count > 0 THEN round(spend.total / inv.invoice_count, 2) ELSE 0 END
               ::numeric(14, 2)
    FROM inv CROSS JOIN spend
$$;

-- product_metrics: one row per product with at least one spend line.
--   total_quantity, total_spend  sums over its spend lines
--   purchase_count               its spend lines
--   average_unit_price           quantity-weighted mean unit price, sum(q * p) / sum(q) (not
--                                spend / quantity: amounts are rounded to cents, which would
--                                put the mean of tiny quantities outside min..max)
--   min/max_unit_price           over its spend lines
--   last_unit_price              unit price of the latest purchase (any supplier)
--   price_change_ratio           price change of the latest purchase vs the previous purchase
--   last_purchased_on            date of the latest purchase
CREATE FUNCTION analytics_compute_product_metrics(org uuid, as_of date)
    RETURNS TABLE (product_id uuid, total_quantity numeric(16, 3), total_spend numeric(16, 2),
                   purchase_count bigint, average_unit_price numeric(12, 4),
                   min_unit_price numeric(12, 4), max_unit_price numeric(12, 4),
                   last_unit_price numeric(12, 4), price_change_ratio numeric(10, 4),
                   last_purchased_on date)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT p.product_id, p.total_quantity, p.total_spend, p.purchase_count,
           p.average_unit_price, p.min_unit_price, p.max_unit_price, p.last_unit_price,
           analytics_change_ratio(p.last_unit_price, p.previous_unit_price)::numeric(10, 4),
           p.last_purchased_on
    FROM (
        SELECT r.product_id,
               sum(r.quantity)::numeric(16, 3) AS total_quantity,
               sum(r.amount)::numeric(16, 2) AS total_spend,
               count(*) AS purchase_count,
               round(sum(r.quantity * r.unit_price) / sum(r.quantity), 4)::numeric(12, 4)
                   AS average_unit_price,
               min(r.unit_price)::numeric(12, 4) AS min_unit_price,
               max(r.unit_price)::numeric(12, 4) AS max_unit_price,
               max(r.unit_price) FILTER (WHERE r.recency = 1)::numeric(12, 4) AS last_unit_price,
               max(r.unit_price) FILTER (WHERE r.recency = 2) AS previous_unit_price,
               max(r.invoice_date) AS last_purchased_on
        FROM (
            SELECT l.product_id, l.quantity, l.unit_price, l.amount, l.invoice_date,
                   row_number() OVER (PARTITION BY l.product_id
                                      ORDER BY l.invoice_date DESC, l.created_at DESC, l.line_id DESC)
                       AS recency
            FROM analytics_spend_lines(org, as_of) l
        ) r
        GROUP BY r.product_id
    ) p
$$;

-- cogs_analysis: cost of goods per location, product category (the product's current
-- category) and calendar month of the invoice date; one row per group with spend lines.
--   spend, quantity, line_count  sums / count over the group's spend lines
CREATE FUNCTION analytics_compute_cogs_analysis(org uuid, as_of date)
    RETURNS TABLE (location_id uuid, category text, month date, spend numeric(16, 2),
                   quantity numeric(16, 3), line_count bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT s.location_id, p.category, s.month,
           sum(s.spend)::numeric(16, 2), sum(s.quantity)::numeric(16, 3), sum(s.line_count)::bigint
    FROM (
        -- Aggregated per product before the category is looked up: joining the lines to
        -- products directly lets the planner probe the lines per product, and it misjudges
        -- that badly (it multiplies the selectivities of product_id and organization_id,
        -- which are not independent) into a nested loop ~4 times slower than this.
        SELECT l.location_id, l.product_id,
               -- Through timestamp (not timestamptz): independent of the session's time zone.
               date_trunc('month', l.invoice_date::timestamp)::date AS month,
               sum(l.amount) AS spend, sum(l.quantity) AS quantity, count(*) AS line_count
        FROM analytics_spend_lines(org, as_of) l
        GROUP BY 1, 2, 3
    ) s
    JOIN products p ON p.id = s.product_id AND p.organization_id = org
    GROUP BY s.location_id, p.category, s.month
$$;

-- supplier_metrics: one row per supplier with at least one counted invoice.
--   total_spend             spend on its invoices
--   invoice_count           its counted invoices
--   product_count           distinct products on its spend lines
--   average_invoice_amount  total_spend / invoice_count
--   spend_share             total_spend / the organization's total spend (0 when that is 0)
--   first/last_invoice_on   dates of its first and latest counted invoice
CREATE FUNCTION analytics_compute_supplier_metrics(org uuid, as_of date)
    RETURNS TABLE (supplier_id uuid, total_spend numeric(16, 2), invoice_count bigint,
                   product_count integer, average_invoice_amount numeric(14, 2),
                   spend_share numeric(7, 6), first_invoice_on date, last_invoice_on date)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH inv AS (
        SELECT supplier_id, count(*) AS invoice_count,
               min(invoice_date) AS first_invoice_on, max(invoice_date) AS last_invoice_on
        FROM analytics_source_invoices(org, as_of)
        WHERE counted
        GROUP BY supplier_id
    ), spend AS (
        SELECT supplier_id, sum(amount) AS spend, count(DISTINCT product_id) AS product_count
        FROM analytics_spend_lines(org, as_of)
        GROUP BY supplier_id
    ), total AS (
        SELECT sum(spend) AS spend FROM spend
    )
    SELECT inv.supplier_id,
           coalesce(spend.spend, 0)::numeric(16, 2),
           inv.invoice_count,
           coalesce(spend.product_count, 0)::integer,
           round(coalesce(spend.spend, 0) / inv.invoice_count, 2)::numeric(14, 2),
           CASE WHEN total.spend > 0 THEN round(coalesce(spend.spend, 0) / total.spend, 6) ELSE 0 END
               ::numeric(7, 6),
           inv.first_invoice_on,
           inv.last_invoice_on
    FROM inv
    LEFT JOIN spend ON spend.supplier_id = inv.supplier_id
    CROSS JOIN total
$$;

-- invoice_analytics: one row per calendar month with at least one invoice (void ones included).
--   invoice_count   counted invoices (= draft_count + approved_count + paid_count)
--   line_count      their lines
--   total_amount    their spend
--   average_amount  total_amount / invoice_count (0 when the month has only void invoices)
--   *_count         invoices by status; void_count is the only place void invoices show up
CREATE FUNCTION analytics_compute_invoice_analytics(org uuid, as_of date)
    RETURNS TABLE (month date, invoice_count bigint, line_count bigint,
                   total_amount numeric(16, 2), average_amount numeric(14, 2),
                   draft_count bigint, approved_count bigint, paid_count bigint, void_count bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH inv AS (
        SELECT date_trunc('month', invoice_date::timestamp)::date AS month,
               count(*) FILTER (WHERE counted) AS invoice_count,
               count(*) FILTER (WHERE status = 'draft') AS draft_count,
               count(*) FILTER (WHERE status = 'approved') AS approved_count,
               count(*) FILTER (WHERE status = 'paid') AS paid_count,
               count(*) FILTER (WHERE status = 'void') AS void_count
        FROM analytics_source_invoices(org, as_of)
        GROUP BY 1
    ), spend AS (
        SELECT date_trunc('month', invoice_date::timestamp)::date AS month,
               count(*) AS line_count, sum(amount) AS total_amount
        FROM analytics_spend_lines(org, as_of)
        GROUP BY 1
    )
    SELECT inv.month,
           inv.invoice_count,
           coalesce(spend.line_count, 0),
           coalesce(spend.total_amount, 0)::numeric(16, 2),
           CASE WHEN inv.invoice_count > 0 THEN round(coalesce(spend.total_amount, 0) / inv.invoice_count, 2)
                ELSE 0 END::numeric(14, 2),
           inv.draft_count, inv.approved_count, inv.paid_count, inv.void_count
    FROM inv
    LEFT JOIN spend ON spend.month = inv.month
$$;

-- price_alerts: one row per product and supplier whose latest purchase (from that supplier)
-- changed the unit price by more than 10 % against the previous purchase from that supplier;
-- severity by analytics_price_alert_severity. A pair bought once, or whose previous price was 0,
-- has no change and so no alert. The alert stays until a later purchase moves less than 10 %.
--   previous_unit_price, current_unit_price  unit prices of the previous and latest purchase
--   change_ratio                             current / previous - 1
--   detected_on                              date of the latest purchase
CREATE FUNCTION analytics_compute_price_alerts(org uuid, as_of date)
    RETURNS TABLE (product_id uuid, supplier_id uuid, previous_unit_price numeric(12, 4),
                   current_unit_price numeric(12, 4), change_ratio numeric(10, 4),
                   detected_on date, severity text)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT c.product_id, c.supplier_id, c.previous_unit_price, c.current_unit_price,
           c.change_ratio, c.detected_on, analytics_price_alert_severity(c.change_ratio)
    FROM (
        SELECT p.product_id, p.supplier_id,
               p.previous_unit_price::numeric(12, 4) AS previous_unit_price,
               p.current_unit_price::numeric(12, 4) AS current_unit_price,
               analytics_change_ratio(p.current_unit_price, p.previous_unit_price)::numeric(10, 4)
                   AS change_ratio,
               p.detected_on
        FROM (
            SELECT r.product_id, r.supplier_id,
                   max(r.unit_price) FILTER (WHERE r.recency = 1) AS current_unit_price,
                   max(r.unit_price) FILTER (WHERE r.recency = 2) AS previous_unit_price,
                   max(r.invoice_date) AS detected_on
            FROM (
                SELECT l.product_id, l.supplier_id, l.unit_price, l.invoice_date,
                       row_number() OVER (PARTITION BY l.product_id, l.supplier_id
                                          ORDER BY l.invoice_date DESC, l.created_at DESC, l.line_id DESC)
                           AS recency
                FROM analytics_spend_lines(org, as_of) l
            ) r
            WHERE r.recency <= 2
            GROUP BY r.product_id, r.supplier_id
        ) p
    ) c
    WHERE analytics_price_alert_severity(c.change_ratio) IS NOT NULL
$$;

-- efficiency_metrics: always exactly one row.
--   average_lines_per_invoice    spend lines / counted invoices (0 without invoices)
--   top_three_supplier_share     spend of the three suppliers with the highest spend / total
--                                spend (0 when total spend is 0)
--   price_volatility             mean over products bought at least twice in the last 90 days
--                                of the coefficient of variation (population standard deviation /
--                                mean) of their unit prices in those days; 0 when there is none.
--                                A window, not the whole history: over a year the steady price
--                                drift would dominate what is meant to be short-term volatility.
--   void_invoice_ratio           void invoices / all invoices (0 without invoices)
--   average_days_between_orders  (latest - first counted invoice date) / (counted invoices - 1):
--                                the mean gap between consecutive invoices; 0 with fewer than 2
CREATE FUNCTION analytics_compute_efficiency_metrics(org uuid, as_of date)
    RETURNS TABLE (average_lines_per_invoice numeric(10, 2), top_three_supplier_share numeric(7, 6),
                   price_volatility numeric(10, 4), void_invoice_ratio numeric(7, 6),
                   average_days_between_orders numeric(10, 2))
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH lines AS MATERIALIZED (
        -- Read once, aggregated three ways below.
        SELECT supplier_id, product_id, invoice_date, unit_price, amount
        FROM analytics_spend_lines(org, as_of)
    ), inv AS (
        SELECT count(*) AS all_count,
               count(*) FILTER (WHERE counted) AS counted_count,
               count(*) FILTER (WHERE NOT counted) AS void_count,
               min(invoice_date) FILTER (WHERE counted) AS first_on,
               max(invoice_date) FILTER (WHERE counted) AS last_on
        FROM analytics_source_invoices(org, as_of)
    ), suppliers AS (
        SELECT sum(amount) AS spend FROM lines GROUP BY supplier_id
    ), shares AS (
        SELECT (SELECT count(*) FROM lines) AS line_count,
               (SELECT sum(spend) FROM suppliers) AS total_spend,
               (SELECT sum(spend) FROM (SELECT spend FROM suppliers ORDER BY spend DESC LIMIT 3) top)
                   AS top_three_spend
    ), volatility AS (
        SELECT avg(cv) AS price_volatility
        FROM (SELECT stddev_pop(unit_price) / avg(unit_price) AS cv
              FROM lines
              WHERE invoice_date > as_of - 90
              GROUP BY product_id
              HAVING count(*) >= 2 AND avg(unit_price) > 0) per_product
    )
    SELECT CASE WHEN inv.counted_count > 0 THEN round(shares.line_count::numeric / inv.counted_count, 2)
                ELSE 0 END::numeric(10, 2),
           CASE WHEN shares.total_spend > 0 THEN round(shares.top_three_spend / shares.total_spend, 6)
                ELSE 0 END::numeric(7, 6),
           round(coalesce(volatility.price_volatility, 0), 4)::numeric(10, 4),
           CASE WHEN inv.all_count > 0 THEN round(inv.void_count::numeric / inv.all_count, 6)
                ELSE 0 END::numeric(7, 6),
           CASE WHEN inv.counted_count > 1
                THEN round((inv.last_on - inv.first_on)::numeric / (inv.counted_count - 1), 2)
                ELSE 0 END::numeric(10, 2)
    FROM inv CROSS JOIN shares CROSS JOIN volatility
$$;

---------------------------------------------------------------------------------------------
-- Refresh of one organization
---------------------------------------------------------------------------------------------

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
CREATE FUNCTION analytics_refresh_organization(org uuid, new_version bigint, at timestamptz, as_of date)
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

---------------------------------------------------------------------------------------------
-- Validation of one organization's current rows
---------------------------------------------------------------------------------------------

-- Returns the violations of the organization's current analytics rows; no row = valid. Meant to
-- run right after analytics_refresh_organization in the same transaction. Kinds and rules:
--
-- integrity (the figures reconcile; exact equality, all sums are of 2-decimal amounts)
--   snapshot-missing         no snapshot, dashboard or efficiency row
--   snapshot-version         an analytics row whose version is not the snapshot's (a mix)
--   source-spend             snapshot.source_spend vs spend recomputed from the source now
--   source-line-count        snapshot.source_line_count vs spend lines counted in the source now
--   dashboard-total          dashboard total_spend vs snapshot.source_spend
--   product-total            sum of product_metrics.total_spend vs dashboard total_spend
--   supplier-total           sum of supplier_metrics.total_spend vs dashboard total_spend
--   cogs-total               sum of cogs_analysis.spend vs dashboard total_spend
--   invoice-analytics-total  sum of invoice_analytics.total_amount vs dashboard total_spend
--   product-line-count       sum of product_metrics.purchase_count vs source_line_count
--   cogs-line-count          sum of cogs_analysis.line_count vs source_line_count
--   invoice-line-count       sum of invoice_analytics.line_count vs source_line_count
--   invoice-count            sums of invoice_analytics / supplier_metrics invoice_count vs
--                            dashboard invoice_count (every invoice has one supplier)
--   product-count            dashboard product_count vs rows of product_metrics
--   invoice-status-count     an invoice_analytics month whose invoice_count is not
--                            draft + approved + paid
--   price-alert-severity     a price alert whose severity does not follow from its change
-- business
--   negative-source-amount   a spend line with a negative amount (invoice_lines.amount has no
--                            CHECK; a credit must be booked some other way)
--   negative-spend           a negative spend figure in any analytics table
--   orphan-product, orphan-supplier, orphan-location
--                            an analytics row pointing at a product / supplier / location that
--                            does not exist or belongs to another organization
-- anomaly (cheap plausibility checks; generated data passes them)
--   unit-price-outlier       a product whose latest unit price is over 5 times, or under a fifth
--                            of, its quantity-weighted average (a price keyed in the wrong unit)
--   unit-price-range         a product whose average or latest unit price is outside its
--                            min..max
--   ratio-out-of-range       a share or ratio outside [0, 1] (supplier spend_share,
--                            top_three_supplier_share, void_invoice_ratio)
CREATE FUNCTION analytics_validate_organization(org uuid)
    RETURNS TABLE (kind text, rule text, detail text)
    LANGUAGE sql STABLE
AS $$
    WITH snap AS (
        SELECT * FROM analytics_snapshots WHERE organization_id = org
    ), dash AS (
        SELECT * FROM dashboard_metrics WHERE organization_id = org
    ), eff AS (
        SELECT * FROM efficiency_metrics WHERE organization_id = org
    ), source AS (
        -- Independent of analytics_spend_lines on purpose: the definition of a spend line
        -- written a second time, so that a change to one is caught by the other.
        SELECT count(*) AS line_count, coalesce(sum(l.amount), 0) AS spend,
               count(*) FILTER (WHERE l.amount < 0) AS negative_count,
               min(l.id) FILTER (WHERE l.amount < 0) AS first_negative_line
        FROM invoice_lines l
        JOIN invoices i ON i.id = l.invoice_id AND i.organization_id = l.organization_id
        WHERE l.organization_id = org
          AND i.organization_id = org
          AND i.status <> 'void'
          AND i.invoice_date <= coalesce((SELECT as_of FROM snap), 'infinity'::date)
    ), product AS (
        SELECT count(*) AS row_count, coalesce(sum(total_spend), 0) AS spend,
               coalesce(sum(purchase_count), 0) AS line_count,
               count(*) FILTER (WHERE total_spend < 0) AS negative_count,
               count(*) FILTER (WHERE version IS DISTINCT FROM (SELECT version FROM snap)) AS other_version,
               count(*) FILTER (WHERE average_unit_price > 0
                                  AND (last_unit_price > 5 * average_unit_price
                                       OR last_unit_price < average_unit_price / 5)) AS outliers,
               min(product_id::text) FILTER (WHERE average_unit_price > 0
                                  AND (last_unit_price > 5 * average_unit_price
                                       OR last_unit_price < average_unit_price / 5)) AS first_outlier,
               count(*) FILTER (WHERE average_unit_price NOT BETWEEN min_unit_price AND max_unit_price
                                   OR last_unit_price NOT BETWEEN min_unit_price AND max_unit_price)
                   AS out_of_range
        FROM product_metrics WHERE organization_id = org
    ), supplier AS (
        SELECT coalesce(sum(total_spend), 0) AS spend, coalesce(sum(invoice_count), 0) AS invoice_count,
               count(*) FILTER (WHERE total_spend < 0 OR average_invoice_amount < 0) AS negative_count,
               count(*) FILTER (WHERE spend_share NOT BETWEEN 0 AND 1) AS share_out_of_range,
               count(*) FILTER (WHERE version IS DISTINCT FROM (SELECT version FROM snap)) AS other_version
        FROM supplier_metrics WHERE organization_id = org
    ), cogs AS (
        SELECT coalesce(sum(spend), 0) AS spend, coalesce(sum(line_count), 0) AS line_count,
               count(*) FILTER (WHERE spend < 0) AS negative_count,
               count(*) FILTER (WHERE version IS DISTINCT FROM (SELECT version FROM snap)) AS other_version
        FROM cogs_analysis WHERE organization_id = org
    ), invoice AS (
        SELECT coalesce(sum(total_amount), 0) AS spend, coalesce(sum(line_count), 0) AS line_count,
               coalesce(sum(invoice_count), 0) AS invoice_count,
               count(*) FILTER (WHERE total_amount < 0 OR average_amount < 0) AS negative_count,
               count(*) FILTER (WHERE invoice_count <> draft_count + approved_count + paid_count)
                   AS status_mismatch,
               count(*) FILTER (WHERE version IS DISTINCT FROM (SELECT version FROM snap)) AS other_version
        FROM invoice_analytics WHERE organization_id = org
    ), alert AS (
        SELECT count(*) FILTER (WHERE severity IS DISTINCT FROM analytics_price_alert_severity(change_ratio))
                   AS severity_mismatch,
               count(*) FILTER (WHERE previous_unit_price < 0 OR current_unit_price < 0) AS negative_count,
               count(*) FILTER (WHERE version IS DISTINCT FROM (SELECT version FROM snap)) AS other_version
        FROM price_alerts WHERE organization_id = org
    ), orphans AS (
        -- Foreign keys make sure the referenced row exists, not that it is the organization's.
        SELECT 'orphan-product' AS rule, 'product_metrics' AS tbl, count(*) AS n, min(m.product_id::text) AS example
        FROM product_metrics m
        WHERE m.organization_id = org
          AND NOT EXISTS (SELECT 1 FROM products p WHERE p.id = m.product_id AND p.organization_id = org)
        UNION ALL
        SELECT 'orphan-product', 'price_alerts', count(*), min(a.product_id::text)
        FROM price_alerts a
        WHERE a.organization_id = org
          AND NOT EXISTS (SELECT 1 FROM products p WHERE p.id = a.product_id AND p.organization_id = org)
        UNION ALL
        SELECT 'orphan-supplier', 'price_alerts', count(*), min(a.supplier_id::text)
        FROM price_alerts a
        WHERE a.organization_id = org
          AND NOT EXISTS (SELECT 1 FROM suppliers s WHERE s.id = a.supplier_id AND s.organization_id = org)
        UNION ALL
        SELECT 'orphan-supplier', 'supplier_metrics', count(*), min(m.supplier_id::text)
        FROM supplier_metrics m
        WHERE m.organization_id = org
          AND NOT EXISTS (SELECT 1 FROM suppliers s WHERE s.id = m.supplier_id AND s.organization_id = org)
        UNION ALL
        SELECT 'orphan-location', 'cogs_analysis', count(*), min(c.location_id::text)
        FROM cogs_analysis c
        WHERE c.organization_id = org
          AND NOT EXISTS (SELECT 1 FROM locations l WHERE l.id = c.location_id AND l.organization_id = org)
    ), reconciliations (kind, rule, what, expected, actual) AS (
        -- Each row: a figure that must equal another; reported when it does not.
        SELECT 'integrity', 'source-spend', 'snapshot source_spend vs spend in the source',
               source.spend, snap.source_spend FROM snap, source
        UNION ALL
        SELECT 'integrity', 'source-line-count', 'snapshot source_line_count vs spend lines in the source',
               source.line_count, snap.source_line_count FROM snap, source
        UNION ALL
        SELECT 'integrity', 'dashboard-total', 'dashboard total_spend vs snapshot source_spend',
               snap.source_spend, dash.total_spend FROM snap, dash
        UNION ALL
        SELECT 'integrity', 'product-total', 'sum of product_metrics total_spend vs dashboard total_spend',
               dash.total_spend, product.spend FROM dash, product
        UNION ALL
        SELECT 'integrity', 'supplier-total', 'sum of supplier_metrics total_spend vs dashboard total_spend',
               dash.total_spend, supplier.spend FROM dash, supplier
        UNION ALL
        SELECT 'integrity', 'cogs-total', 'sum of cogs_analysis spend vs dashboard total_spend',
               dash.total_spend, cogs.spend FROM dash, cogs
        UNION ALL
        SELECT 'integrity', 'invoice-analytics-total', 'sum of invoice_analytics total_amount vs dashboard total_spend',
               dash.total_spend, invoice.spend FROM dash, invoice
        UNION ALL
        SELECT 'integrity', 'product-line-count', 'sum of product_metrics purchase_count vs snapshot source_line_count',
               snap.source_line_count, product.line_count FROM snap, product
        UNION ALL
        SELECT 'integrity', 'cogs-line-count', 'sum of cogs_analysis line_count vs snapshot source_line_count',
               snap.source_line_count, cogs.line_count FROM snap, cogs
        UNION ALL
        SELECT 'integrity', 'invoice-line-count', 'sum of invoice_analytics line_count vs snapshot source_line_count',
               snap.source_line_count, invoice.line_count FROM snap, invoice
        UNION ALL
        SELECT 'integrity', 'invoice-count', 'sum of invoice_analytics invoice_count vs dashboard invoice_count',
               dash.invoice_count, invoice.invoice_count FROM dash, invoice
        UNION ALL
        SELECT 'integrity', 'invoice-count', 'sum of supplier_metrics invoice_count vs dashboard invoice_count',
               dash.invoice_count, supplier.invoice_count FROM dash, supplier
        UNION ALL
        SELECT 'integrity', 'product-count', 'dashboard product_count vs rows of product_metrics',
               dash.product_count, product.row_count FROM dash, product
        UNION ALL
        -- Counts of offending rows, expected to be 0.
        SELECT 'integrity', 'snapshot-version', 'analytics rows of another version than the snapshot',
               0, product.other_version + supplier.other_version + cogs.other_version
                  + invoice.other_version + alert.other_version
                  + (SELECT count(*) FROM dash WHERE dash.version <> snap.version)
                  + (SELECT count(*) FROM eff WHERE eff.version <> snap.version)
        FROM snap, product, supplier, cogs, invoice, alert
        UNION ALL
        SELECT 'integrity', 'invoice-status-count', 'invoice_analytics months whose invoice_count is not draft + approved + paid',
               0, invoice.status_mismatch FROM invoice
        UNION ALL
        SELECT 'integrity', 'price-alert-severity', 'price alerts whose severity does not follow from change_ratio',
               0, alert.severity_mismatch FROM alert
        UNION ALL
        SELECT 'business', 'negative-spend', 'product_metrics rows with negative total_spend',
               0, product.negative_count FROM product
        UNION ALL
        SELECT 'business', 'negative-spend', 'supplier_metrics rows with negative spend',
               0, supplier.negative_count FROM supplier
        UNION ALL
        SELECT 'business', 'negative-spend', 'cogs_analysis rows with negative spend',
               0, cogs.negative_count FROM cogs
        UNION ALL
        SELECT 'business', 'negative-spend', 'invoice_analytics months with negative spend',
               0, invoice.negative_count FROM invoice
        UNION ALL
        SELECT 'business', 'negative-spend', 'price alerts with a negative unit price',
               0, alert.negative_count FROM alert
        UNION ALL
        SELECT 'business', 'negative-spend', 'negative dashboard spend figures',
               0, (dash.total_spend < 0)::int + (dash.spend_last_30_days < 0)::int
                  + (dash.spend_previous_30_days < 0)::int + (dash.average_invoice_amount < 0)::int
        FROM dash
        UNION ALL
        SELECT 'anomaly', 'unit-price-range', 'products whose average or latest unit price is outside min..max',
               0, product.out_of_range FROM product
        UNION ALL
        SELECT 'anomaly', 'ratio-out-of-range', 'supplier_metrics rows with spend_share outside [0, 1]',
               0, supplier.share_out_of_range FROM supplier
        UNION ALL
        SELECT 'anomaly', 'ratio-out-of-range', 'efficiency ratios outside [0, 1]',
               0, (eff.top_three_supplier_share NOT BETWEEN 0 AND 1)::int
                  + (eff.void_invoice_ratio NOT BETWEEN 0 AND 1)::int
        FROM eff
    ), violations (kind, rule, detail) AS (
        SELECT 'integrity', 'snapshot-missing',
               'no ' || concat_ws(', ',
                                  CASE WHEN NOT EXISTS (SELECT 1 FROM snap) THEN 'analytics_snapshots' END,
                                  CASE WHEN NOT EXISTS (SELECT 1 FROM dash) THEN 'dashboard_metrics' END,
                                  CASE WHEN NOT EXISTS (SELECT 1 FROM eff) THEN 'efficiency_metrics' END)
                   || ' row for the organization'
        WHERE NOT EXISTS (SELECT 1 FROM snap) OR NOT EXISTS (SELECT 1 FROM dash) OR NOT EXISTS (SELECT 1 FROM eff)
        UNION ALL
        SELECT r.kind, r.rule, format('%s: expected %s, found %s', r.what, r.expected, r.actual)
        FROM reconciliations r
        WHERE r.expected IS DISTINCT FROM r.actual
        UNION ALL
        SELECT 'business', 'negative-source-amount',
               format('%s spend line(s) with a negative amount, e.g. invoice_lines.id %s',
                      source.negative_count, source.first_negative_line)
        FROM source
        WHERE source.negative_count > 0
        UNION ALL
        SELECT 'business', o.rule,
               format('%s %s row(s) point at a row that is missing or of another organization, e.g. %s',
                      o.n, o.tbl, o.example)
        FROM orphans o
        WHERE o.n > 0
        UNION ALL
        SELECT 'anomaly', 'unit-price-outlier',
               format('%s product(s) whose latest unit price is over 5 times or under a fifth of its average, e.g. %s',
                      product.outliers, product.first_outlier)
        FROM product
        WHERE product.outliers > 0
    )
    SELECT v.kind, v.rule, v.detail
    FROM violations v
    ORDER BY CASE v.kind WHEN 'integrity' THEN 1 WHEN 'business' THEN 2 ELSE 3 END, v.rule, v.detail
$$;

---------------------------------------------------------------------------------------------
-- Key figures
---------------------------------------------------------------------------------------------

-- The key figures of the organization's current analytics rows, in a fixed order; the refresh
-- reads them before and after recomputing and reports those that moved by more than its
-- threshold. Empty when the organization was never refreshed (no dashboard row).
--   total_spend, spend_last_30_days, invoice_count, active_supplier_count, product_count,
--   average_invoice_amount   from dashboard_metrics
--   price_alert_count        rows of price_alerts (all severities)
CREATE FUNCTION analytics_key_figures(org uuid)
    RETURNS TABLE (figure text, value numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT f.figure, f.value
    FROM dashboard_metrics d
    CROSS JOIN LATERAL (
        VALUES (1, 'total_spend', d.total_spend),
               (2, 'spend_last_30_days', d.spend_last_30_days),
               (3, 'invoice_count', d.invoice_count::numeric),
               (4, 'active_supplier_count', d.active_supplier_count::numeric),
               (5, 'product_count', d.product_count::numeric),
               (6, 'average_invoice_amount', d.average_invoice_amount),
               (7, 'price_alert_count',
                (SELECT count(*) FROM price_alerts a WHERE a.organization_id = org)::numeric)
    ) AS f(position, figure, value)
    WHERE d.organization_id = org
    ORDER BY f.position
$$;
