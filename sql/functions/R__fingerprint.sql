-- The source fingerprint of one organization, which the refresh stores in
-- analytics_snapshots.source_fingerprint and compares to skip an organization refreshed within
-- refresh.min-age whose source has not changed since.
--
-- A Flyway repeatable migration: Flyway runs it again, after the versioned migrations, whenever
-- its content changes. Change the function here, in place; this file is its only definition.
-- CREATE OR REPLACE keeps a function's argument names and result type: to change those, DROP
-- FUNCTION it first, here.

-- A digest of what the organization's figures are computed from: every invoice's and line's
-- content (status, dates, parties, quantities, prices, amounts — summed row hashes, so the order
-- of rows does not matter), every product's category, and the last update of its suppliers and
-- locations. Content rather than the latest updated_at: a change whose writer left updated_at
-- alone, or set it earlier than another row's, still counts. Cheap next to a recompute (one
-- indexed pass over the organization's rows; the lines, by far the most rows, with the column
-- types' own hash functions, which cost less than formatting them as text).
--
-- Any change to the expression changes every organization's fingerprint, so the next refresh
-- after the deploy recomputes every organization once (none is skipped as fresh).
--
-- plpgsql rather than sql: a sql function with sub-selects is not inlined and would be planned
-- again on every call; plpgsql keeps the plan for the session, as the prepared statement that
-- held this query before did. STABLE: it reads only, and sees the caller's snapshot (the
-- refresh's REPEATABLE READ transaction). The timestamps are formatted as text in the session's
-- settings, as they always were: the application's sessions all use the same ones.
CREATE OR REPLACE FUNCTION analytics_source_fingerprint(org uuid)
    RETURNS text
    LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN (
        SELECT md5(concat_ws('|',
            (SELECT count(*) || ':' || coalesce(sum(hashint8extended(id, 1)
                        # uuid_hash_extended(invoice_id, 2) # uuid_hash_extended(product_id, 3)
                        # hash_numeric_extended(quantity, 4)
                        # hash_numeric_extended(unit_price, 5)
                        # hash_numeric_extended(amount, 6)), 0)
             FROM invoice_lines WHERE organization_id = org),
            (SELECT count(*) || ':' || coalesce(sum(hashtextextended(concat_ws(',',
                        id, status, invoice_date, supplier_id, location_id, created_at,
                        updated_at), 0)), 0)
             FROM invoices WHERE organization_id = org),
            (SELECT count(*) || ':' || coalesce(sum(hashtextextended(concat_ws(',',
                        id, category, updated_at), 0)), 0)
             FROM products WHERE organization_id = org),
            (SELECT coalesce(max(updated_at)::text, '') FROM suppliers WHERE organization_id = org),
            (SELECT coalesce(max(updated_at)::text, '') FROM locations WHERE organization_id = org))));
END;
$$;
