-- The validation of one organization's analytics rows, run by the refresh before it commits.
--
-- A Flyway repeatable migration: Flyway runs it again, after the versioned migrations, whenever
-- its content changes. Change a function here, in place; this file is its only definition
-- (V004, which created it first, is history and stays untouched). CREATE OR REPLACE keeps a
-- function's argument names and result type: to change those, DROP FUNCTION it first, here.

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
CREATE OR REPLACE FUNCTION analytics_validate_organization(org uuid)
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
