-- The analytics computation: one set-based SQL function per analytics table of V002 (written
-- by R__refresh_organization.sql, checked by R__validate.sql), and the building blocks they
-- share.
--
-- A Flyway repeatable migration: Flyway runs it again, after the versioned migrations, whenever
-- its content changes. Change a function here, in place; this file is its only definition
-- (V004, which created it first, is history and stays untouched). CREATE OR REPLACE keeps a
-- function's argument names and result type: to change those, DROP FUNCTION it first, here.
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
-- Building blocks (inlined into the compute functions)
---------------------------------------------------------------------------------------------

-- The organization's invoices dated on or before as_of, every status, with "counted" spelt out.
CREATE OR REPLACE FUNCTION analytics_source_invoices(org uuid, as_of date)
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
CREATE OR REPLACE FUNCTION analytics_spend_lines(org uuid, as_of date)
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
CREATE OR REPLACE FUNCTION analytics_change_ratio(current_price numeric, previous_price numeric)
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
CREATE OR REPLACE FUNCTION analytics_price_alert_severity(change_ratio numeric)
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
CREATE OR REPLACE FUNCTION analytics_compute_dashboard_metrics(org uuid, as_of date)
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
CREATE OR REPLACE FUNCTION analytics_compute_product_metrics(org uuid, as_of date)
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
CREATE OR REPLACE FUNCTION analytics_compute_cogs_analysis(org uuid, as_of date)
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
CREATE OR REPLACE FUNCTION analytics_compute_supplier_metrics(org uuid, as_of date)
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
CREATE OR REPLACE FUNCTION analytics_compute_invoice_analytics(org uuid, as_of date)
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
CREATE OR REPLACE FUNCTION analytics_compute_price_alerts(org uuid, as_of date)
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
CREATE OR REPLACE FUNCTION analytics_compute_efficiency_metrics(org uuid, as_of date)
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
