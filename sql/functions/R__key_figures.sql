-- The key figures the refresh compares before and after recomputing an organization.
--
-- A Flyway repeatable migration: Flyway runs it again, after the versioned migrations, whenever
-- its content changes. Change a function here, in place; this file is its only definition
-- (V004, which created it first, is history and stays untouched). CREATE OR REPLACE keeps a
-- function's argument names and result type: to change those, DROP FUNCTION it first, here.

-- The key figures of the organization's current analytics rows, in a fixed order; the refresh
-- reads them before and after recomputing and reports those that moved by more than its
-- threshold. Empty when the organization was never refreshed (no dashboard row).
--   total_spend, spend_last_30_days, invoice_count, active_supplier_count, product_count,
--   average_invoice_amount   from dashboard_metrics
--   price_alert_count        rows of price_alerts (all severities)
CREATE OR REPLACE FUNCTION analytics_key_figures(org uuid)
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
