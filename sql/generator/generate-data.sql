-- Deterministic test/demo/benchmark data generator for the source tables
-- (organizations, locations, suppliers, products, invoices, invoice_lines).
--
-- Executing this file only (re)defines the schema "datagen" and its functions; it writes no
-- data. It is re-runnable and works both through JDBC (one string, simple or extended query
-- mode) and with psql -f.
--
-- Usage, on a migrated database whose organizations table is empty:
--
--     SELECT datagen.generate('demo', 42);                     -- as_of defaults to current_date
--     SELECT datagen.generate('bench', 42, DATE '2025-06-30');
--
-- It returns a summary such as
--     {"scale": "small", "seed": 42, "as_of": "2025-06-30", "organizations": 5,
--      "active_organizations": 4, "locations": 19, "suppliers": 116, "products": 1500,
--      "invoices": 468, "invoice_lines": 4365}
--
-- Scales:  'small'  5 organizations (1 inactive), ~500 invoices, a few thousand lines; < 1 s
--          'demo'   50 organizations (5 inactive), ~27k invoices, ~200k lines; ~2 s
--          'bench'  1,000 organizations (100 inactive), ~650k invoices, ~5.1M lines; ~40 s
--                   (measured on 2 cores; ~2 min when the caller does not own the tables,
--                   see datagen.detach_keys_and_indexes)
--
-- The output is a pure function of (scale, seed, as_of); no random(), setseed() or now().
-- Every random draw is datagen.rand(seed, stream, key), a hash of its arguments, so values do
-- not depend on row order, plan shape or parallelism; ids are md5-derived uuids; timestamps
-- are derived from as_of (in UTC). invoice_lines.id is an identity column: lines are inserted
-- in a fixed ORDER BY, so on a freshly migrated database those ids are reproducible too.
-- Prices and quantities use only correctly rounded float operations (+ - * / sqrt floor
-- round) before being converted to numeric, so they do not depend on the platform's libm.
--
-- generate() ANALYZEs the tables it filled (when the caller owns them). It cannot VACUUM
-- (not allowed inside a function/transaction); a VACUUM (ANALYZE) afterwards sets hint bits
-- and the visibility map, which makes the first queries and index-only scans faster.

CREATE SCHEMA IF NOT EXISTS datagen;

-- Uniform double in [0, 1) from (seed, stream, key). "stream" separates independent draws made
-- for the same key (e.g. the size and the name of one organization). Written as a single
-- SQL expression so that the planner inlines it (no function-call overhead per row).
CREATE OR REPLACE FUNCTION datagen.rand(seed bigint, stream int, key bigint)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT ((hashint8extended(key, hashint8extended(stream::bigint, seed)) >> 11)
            & 9007199254740991)::double precision / 9007199254740992.0
$$;

-- Deterministic uuid for the n-th entity of a kind, e.g. datagen.uuid(42, 'org', 7, 0).
CREATE OR REPLACE FUNCTION datagen.uuid(seed bigint, kind text, a bigint, b bigint)
    RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT md5(seed::text || ':' || kind || ':' || a::text || ':' || b::text)::uuid
$$;

-- Element of a text array chosen by a uniform draw r in [0, 1).
CREATE OR REPLACE FUNCTION datagen.pick(items text[], r double precision)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT items[1 + floor(r * cardinality(items))::int]
$$;

-- Bulk-load support. Maintaining indexes and checking foreign keys row by row dominates the
-- cost of inserting millions of lines (a per-row RI trigger check costs ~4 us per key). So, if
-- the caller owns the tables, datagen.generate detaches the keys, foreign keys and indexes of the
-- two big tables, loads them, and puts everything back (each index built with one sort, each
-- foreign key validated with one join). All of it happens inside generate()'s own transaction:
-- DDL is transactional in PostgreSQL, so if anything fails, the rollback restores the
-- constraints; other sessions never see the tables without them (they wait on the lock).
--
-- detach_keys_and_indexes drops every foreign key defined on or referencing the given tables,
-- their primary key / unique / exclusion constraints and their other indexes, and returns the
-- statements (from pg_get_constraintdef / pg_get_indexdef) that recreate all of them, in a
-- valid order: keys, indexes, foreign keys. It drops nothing and returns NULL if the current
-- user does not own every table involved; generate() then loads with the constraints in
-- place, which gives the same rows, only more slowly.
CREATE OR REPLACE FUNCTION datagen.detach_keys_and_indexes(tables regclass[])
    RETURNS text[]
    LANGUAGE plpgsql
AS $$
DECLARE
    drop_fks     text[];
    create_fks   text[];
    drop_keys    text[];
    create_keys  text[];
    drop_idx     text[];
    create_idx   text[];
    stmt         text;
BEGIN
    IF EXISTS (SELECT 1
               FROM pg_class t
               WHERE (t.oid = ANY (tables)
                      OR t.oid IN (SELECT c.conrelid FROM pg_constraint c
                                   WHERE c.contype = 'f' AND c.confrelid = ANY (tables)))
                 AND NOT pg_has_role(t.relowner, 'USAGE')) THEN
        RETURN NULL;
    END IF;

    SELECT coalesce(array_agg(format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname)
                              ORDER BY c.conrelid, c.conname), '{}'),
           coalesce(array_agg(format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                                     pg_get_constraintdef(c.oid))
                              ORDER BY c.conrelid, c.conname), '{}')
    INTO drop_fks, create_fks
    FROM pg_constraint c
    WHERE c.contype = 'f' AND (c.conrelid = ANY (tables) OR c.confrelid = ANY (tables));

    SELECT coalesce(array_agg(format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname)
                              ORDER BY c.conrelid, c.conname), '{}'),
           coalesce(array_agg(format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                                     pg_get_constraintdef(c.oid))
                              ORDER BY c.conrelid, c.conname), '{}')
    INTO drop_keys, create_keys
    FROM pg_constraint c
    WHERE c.contype IN ('p', 'u', 'x') AND c.conrelid = ANY (tables);

    SELECT coalesce(array_agg(format('DROP INDEX %s', i.indexrelid::regclass) ORDER BY i.indexrelid), '{}'),
           coalesce(array_agg(pg_get_indexdef(i.indexrelid) ORDER BY i.indexrelid), '{}')
    INTO drop_idx, create_idx
    FROM pg_index i
    WHERE i.indrelid = ANY (tables)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                      WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'));

    FOREACH stmt IN ARRAY drop_fks || drop_keys || drop_idx LOOP
        EXECUTE stmt;
    END LOOP;
    RETURN create_keys || create_idx || create_fks;
END;
$$;

-- Settings in the SET clauses apply while the function runs and are restored when it returns:
-- memory for the big sorts, hashes and index builds (batches keep it below ~300 MB), and no JIT
-- (compiling the generated expressions costs more than it saves at these sizes).
CREATE OR REPLACE FUNCTION datagen.generate(scale text, seed bigint, as_of date DEFAULT current_date)
    RETURNS jsonb
    LANGUAGE plpgsql
    SET work_mem = '256MB'
    SET maintenance_work_mem = '512MB'
    SET jit = off
AS $generate$
DECLARE
    n_orgs        int;
    invoice_mean  int;      -- mean number of invoices of an active organization over 13 months
    period_start  date;     -- invoice dates are in (period_start, as_of]
    start_month   int;
    batch         int;      -- month being generated
    restore       text[];   -- statements recreating the detached keys and indexes, or NULL
    stmt          text;
    result        jsonb;
BEGIN
    IF seed IS NULL OR as_of IS NULL THEN
        RAISE EXCEPTION 'datagen.generate: seed and as_of must not be null';
    END IF;
    CASE scale
        WHEN 'small' THEN n_orgs := 5;    invoice_mean := 80;
        WHEN 'demo'  THEN n_orgs := 50;   invoice_mean := 500;
        WHEN 'bench' THEN n_orgs := 1000; invoice_mean := 680;
        ELSE RAISE EXCEPTION 'datagen.generate: unknown scale ''%'' (expected small, demo or bench)', scale;
    END CASE;
    IF EXISTS (SELECT 1 FROM organizations) THEN
        RAISE EXCEPTION 'datagen.generate: the organizations table is not empty; generation only fills an empty database';
    END IF;

    period_start := (as_of - interval '13 months')::date;
    start_month  := extract(year FROM period_start)::int * 12 + extract(month FROM period_start)::int;

    -- The commit of this transaction need not wait for its (large) WAL to be flushed. It must
    -- be SET LOCAL (not a function SET clause) because it has to last until the commit.
    SET LOCAL synchronous_commit = off;

    ---------------------------------------------------------------- organizations
    -- The lowest 10 % (rounded up) of a seeded ranking are inactive: exactly 1 of 5, 5 of 50,
    -- 100 of 1,000. An inactive organization stopped ordering 45-285 days before as_of.
    CREATE TEMP TABLE dg_org ON COMMIT DROP AS
    WITH base AS (
        SELECT n,
               datagen.rand(seed, 1, n) AS size,
               row_number() OVER (ORDER BY datagen.rand(seed, 2, n), n) <= ceil(n_orgs * 0.1) AS inactive
        FROM generate_series(1, n_orgs) AS n
    ), shaped AS (
        SELECT n, size, inactive,
               datagen.uuid(seed, 'org', n, 0) AS id,
               datagen.pick(ARRAY['Nordic', 'Harbour', 'Copper', 'Golden', 'Green', 'Urban', 'Royal',
                                  'Old Town', 'Seaside', 'Northern', 'Little', 'Blue Door', 'Wild Thyme',
                                  'Salt & Pepper', 'Juniper', 'Lindholm', 'Amber', 'Red Barn'],
                            datagen.rand(seed, 3, n))
               || ' ' ||
               datagen.pick(ARRAY['Bistro', 'Kitchen', 'Brasserie', 'Trattoria', 'Café', 'Bakery', 'Grill',
                                  'Deli', 'Canteen', 'Eatery', 'Tavern', 'Food Hall', 'Smørrebrød', 'Pizzeria'],
                            datagen.rand(seed, 4, n))
               || ' ' ||
               datagen.pick(ARRAY['Group', 'Collective', 'Restaurants', 'Hospitality', 'Company', '& Co', 'Holding'],
                            datagen.rand(seed, 5, n))
               || ' ' || n AS name,
               1 + floor(8 * datagen.rand(seed, 6, n))::int AS n_loc,
               5 + floor(36 * (0.5 * size + 0.5 * datagen.rand(seed, 7, n)))::int AS n_sup,
               50 + floor(351 * (0.5 * size + 0.5 * datagen.rand(seed, 8, n)))::int AS n_prod,
               CASE WHEN inactive THEN as_of - 45 - floor(240 * datagen.rand(seed, 9, n))::int
                    ELSE as_of END AS last_day,
               -- The organization joined 30..1000 days before the generated period; its locations,
               -- suppliers and products are created within its first 30 days, so before any invoice.
               (period_start - 30 - floor(970 * datagen.rand(seed, 10, n))::int)::timestamp AT TIME ZONE 'UTC'
                   + make_interval(secs => floor(86400 * datagen.rand(seed, 11, n))) AS created_at
        FROM base
    )
    SELECT *,
           -- Invoice count grows with the organization's size (0.4x .. 1.6x the mean) and shrinks
           -- with the part of the period an inactive organization was still ordering.
           greatest(3, round(invoice_mean * (0.4 + 1.2 * size) * (last_day - period_start) / (as_of - period_start)))::int
               AS n_inv
    FROM shaped;

    ANALYZE dg_org;

    INSERT INTO organizations (id, name, status, created_at, updated_at)
    SELECT id, name, CASE WHEN inactive THEN 'inactive' ELSE 'active' END, created_at,
           CASE WHEN inactive THEN (last_day + 1)::timestamp AT TIME ZONE 'UTC' ELSE created_at END
    FROM dg_org
    ORDER BY n;

    ---------------------------------------------------------------- locations
    -- Descriptors rotate from a per-organization offset, so names are unique within an organization.
    INSERT INTO locations (id, organization_id, name, city, created_at, updated_at)
    SELECT datagen.uuid(seed, 'loc', o.n, l), o.id,
           c.city || ' ' || (ARRAY['Central', 'Harbour', 'Station', 'Old Town', 'Waterfront', 'Market Hall',
                                   'Airport', 'Canal', 'Park', 'Square'])
                             [1 + (floor(10 * datagen.rand(seed, 21, o.n))::int + l) % 10],
           c.city,
           o.created_at + make_interval(days => l * 3),
           o.created_at + make_interval(days => l * 3)
    FROM dg_org o
    CROSS JOIN LATERAL generate_series(0, o.n_loc - 1) AS l
    CROSS JOIN LATERAL (SELECT datagen.pick(ARRAY['Copenhagen', 'Copenhagen', 'Copenhagen', 'Aarhus', 'Aarhus',
                                                  'Odense', 'Aalborg', 'Esbjerg', 'Roskilde', 'Vejle', 'Kolding',
                                                  'Helsingør', 'Malmö', 'Stockholm', 'Gothenburg', 'Oslo'],
                                            datagen.rand(seed, 20, o.n * 16 + l)) AS city) c
    ORDER BY o.n, l;

    ---------------------------------------------------------------- suppliers
    -- Each supplier has a specialty; 'wholesale' suppliers carry every category. Products are
    -- numbered 0..n_prod-1 per organization and every supplier owns a contiguous, non-empty
    -- range of them (its catalogue), sized by a skewed weight, so some suppliers are big.
    CREATE TEMP TABLE dg_sup ON COMMIT DROP AS
    WITH s AS (
        SELECT o.n, o.id AS org_id, o.n_prod, o.n_sup, o.created_at AS org_created, s,
               n::bigint * 64 + s AS key,
               CASE WHEN r < 0.20 THEN 'produce'   WHEN r < 0.32 THEN 'dairy'
                    WHEN r < 0.46 THEN 'meat'      WHEN r < 0.56 THEN 'seafood'
                    WHEN r < 0.68 THEN 'dry goods' WHEN r < 0.80 THEN 'beverages'
                    WHEN r < 0.86 THEN 'cleaning'  WHEN r < 0.92 THEN 'packaging'
                    ELSE 'wholesale' END AS specialty,
               0.2 + 2 * w * w AS weight
        FROM dg_org o
        CROSS JOIN LATERAL generate_series(0, o.n_sup - 1) AS s
        CROSS JOIN LATERAL (SELECT datagen.rand(seed, 30, o.n::bigint * 64 + s) AS r,
                                   datagen.rand(seed, 31, o.n::bigint * 64 + s) AS w) d
    ), ranged AS (
        SELECT *,
               s + floor((sum(weight) OVER w - weight) / sum(weight) OVER (PARTITION BY n)
                         * (n_prod - n_sup))::int AS cat_start
        FROM s
        WINDOW w AS (PARTITION BY n ORDER BY s)
    ), named AS (
        SELECT *,
               datagen.pick(ARRAY['Nordic', 'Baltic', 'Fjord', 'Green Valley', 'Jutland', 'Coastal', 'Royal',
                                  'Golden Field', 'Zealand', 'Funen', 'Northern', 'Hansen', 'Larsen',
                                  'Møller', 'Skagen', 'Limfjord', 'Øresund', 'Vestergaard'],
                            datagen.rand(seed, 32, key))
               || ' ' ||
               CASE specialty
                   WHEN 'produce'   THEN datagen.pick(ARRAY['Fresh Produce', 'Greens', 'Fruit & Veg'], datagen.rand(seed, 33, key))
                   WHEN 'dairy'     THEN datagen.pick(ARRAY['Dairy', 'Creamery', 'Mejeri'], datagen.rand(seed, 33, key))
                   WHEN 'meat'      THEN datagen.pick(ARRAY['Meats', 'Butchers', 'Slagteri'], datagen.rand(seed, 33, key))
                   WHEN 'seafood'   THEN datagen.pick(ARRAY['Seafood', 'Fisheries', 'Fish Market'], datagen.rand(seed, 33, key))
                   WHEN 'dry goods' THEN datagen.pick(ARRAY['Provisions', 'Dry Goods', 'Pantry'], datagen.rand(seed, 33, key))
                   WHEN 'beverages' THEN datagen.pick(ARRAY['Beverages', 'Drinks', 'Wine & Spirits'], datagen.rand(seed, 33, key))
                   WHEN 'cleaning'  THEN datagen.pick(ARRAY['Hygiene', 'Cleaning Supplies'], datagen.rand(seed, 33, key))
                   WHEN 'packaging' THEN datagen.pick(ARRAY['Packaging', 'Pack Solutions'], datagen.rand(seed, 33, key))
                   ELSE datagen.pick(ARRAY['Wholesale', 'Foodservice', 'Cash & Carry'], datagen.rand(seed, 33, key))
               END AS base_name,
               datagen.pick(ARRAY['ApS', 'A/S', 'AB', 'AS', '& Co'], datagen.rand(seed, 34, key)) AS legal
        FROM ranged
    )
    SELECT n, org_id, s, specialty, cat_start,
           coalesce(lead(cat_start) OVER (PARTITION BY n ORDER BY s), n_prod) - cat_start AS cat_size,
           datagen.uuid(seed, 'sup', n, s) AS id,
           base_name || ' ' || legal
               || CASE WHEN dup > 1 THEN ' ' || dup ELSE '' END AS name,
           'orders@' || lower(regexp_replace(translate(base_name, 'ØøÆæÅå', 'OoAaAa'), '[^A-Za-z]+', '', 'g'))
               || '.example' AS email,
           org_created + make_interval(days => floor(20 * datagen.rand(seed, 35, key))::int) AS created_at
    FROM (SELECT *, row_number() OVER (PARTITION BY n, base_name, legal ORDER BY s) AS dup FROM named) x;

    ANALYZE dg_sup;

    INSERT INTO suppliers (id, organization_id, name, email, created_at, updated_at)
    SELECT id, org_id, name, email, created_at, created_at
    FROM dg_sup
    ORDER BY n, s;

    ---------------------------------------------------------------- products
    -- Catalogue items: category, name, unit, typical price in DKK per unit.
    CREATE TEMP TABLE dg_prod ON COMMIT DROP AS
    WITH item(category, name, unit, price) AS (
        VALUES
        ('produce', 'Tomatoes', 'kg', 22), ('produce', 'Cherry tomatoes', 'kg', 45), ('produce', 'Cucumbers', 'pcs', 8),
        ('produce', 'Iceberg lettuce', 'pcs', 12), ('produce', 'Potatoes', 'kg', 9), ('produce', 'Onions', 'kg', 8),
        ('produce', 'Red onions', 'kg', 11), ('produce', 'Carrots', 'kg', 9), ('produce', 'Garlic', 'kg', 60),
        ('produce', 'Lemons', 'kg', 28), ('produce', 'Limes', 'kg', 38), ('produce', 'Apples', 'kg', 20),
        ('produce', 'Avocados', 'pcs', 9), ('produce', 'Bell peppers', 'kg', 32), ('produce', 'Mushrooms', 'kg', 55),
        ('produce', 'Baby spinach', 'kg', 48), ('produce', 'Fresh herbs', 'box', 35), ('produce', 'Strawberries', 'box', 40),
        ('produce', 'Bananas', 'kg', 16), ('produce', 'Zucchini', 'kg', 24),
        ('dairy', 'Whole milk', 'l', 11), ('dairy', 'Skimmed milk', 'l', 9), ('dairy', 'Whipping cream 38%', 'l', 42),
        ('dairy', 'Butter', 'kg', 85), ('dairy', 'Cheddar', 'kg', 110), ('dairy', 'Mozzarella', 'kg', 78),
        ('dairy', 'Parmesan', 'kg', 220), ('dairy', 'Greek yoghurt', 'kg', 38), ('dairy', 'Crème fraîche', 'l', 45),
        ('dairy', 'Eggs (30)', 'box', 62), ('dairy', 'Feta', 'kg', 95), ('dairy', 'Cream cheese', 'kg', 70),
        ('meat', 'Chicken breast', 'kg', 85), ('meat', 'Whole chicken', 'kg', 45), ('meat', 'Beef mince', 'kg', 90),
        ('meat', 'Beef tenderloin', 'kg', 420), ('meat', 'Ribeye', 'kg', 330), ('meat', 'Pork belly', 'kg', 75),
        ('meat', 'Pork tenderloin', 'kg', 110), ('meat', 'Bacon', 'kg', 120), ('meat', 'Lamb shoulder', 'kg', 150),
        ('meat', 'Duck breast', 'kg', 190), ('meat', 'Sausages', 'kg', 95), ('meat', 'Veal cutlets', 'kg', 260),
        ('seafood', 'Salmon fillet', 'kg', 180), ('seafood', 'Cod loin', 'kg', 190), ('seafood', 'Shrimp', 'kg', 160),
        ('seafood', 'Mussels', 'kg', 45), ('seafood', 'Tuna loin', 'kg', 320), ('seafood', 'Scallops', 'kg', 450),
        ('seafood', 'Plaice', 'kg', 140), ('seafood', 'Smoked salmon', 'kg', 260), ('seafood', 'Squid', 'kg', 110),
        ('seafood', 'Crab meat', 'kg', 380),
        ('dry goods', 'Wheat flour', 'kg', 9), ('dry goods', 'Sugar', 'kg', 10), ('dry goods', 'Rice', 'kg', 18),
        ('dry goods', 'Pasta', 'kg', 22), ('dry goods', 'Olive oil', 'l', 75), ('dry goods', 'Rapeseed oil', 'l', 25),
        ('dry goods', 'Sea salt', 'kg', 6), ('dry goods', 'Black pepper', 'kg', 160), ('dry goods', 'Canned tomatoes', 'box', 120),
        ('dry goods', 'Chickpeas', 'kg', 24), ('dry goods', 'Rolled oats', 'kg', 14), ('dry goods', 'Breadcrumbs', 'kg', 28),
        ('dry goods', 'Balsamic vinegar', 'l', 65), ('dry goods', 'Soy sauce', 'l', 45), ('dry goods', 'Honey', 'kg', 90),
        ('dry goods', 'Coffee beans', 'kg', 190),
        ('beverages', 'Mineral water', 'box', 85), ('beverages', 'Sparkling water', 'box', 95), ('beverages', 'Cola', 'box', 140),
        ('beverages', 'Orange juice', 'l', 22), ('beverages', 'Apple juice', 'l', 20), ('beverages', 'House red wine', 'l', 85),
        ('beverages', 'House white wine', 'l', 80), ('beverages', 'Prosecco', 'pcs', 75), ('beverages', 'Draft beer keg', 'pcs', 850),
        ('beverages', 'Bottled beer', 'box', 210), ('beverages', 'Tonic water', 'box', 130), ('beverages', 'Black tea', 'box', 55),
        ('cleaning', 'Dish detergent', 'l', 45), ('cleaning', 'Rinse aid', 'l', 60), ('cleaning', 'Surface cleaner', 'l', 35),
        ('cleaning', 'Hand soap', 'l', 40), ('cleaning', 'Floor cleaner', 'l', 38), ('cleaning', 'Degreaser', 'l', 55),
        ('cleaning', 'Paper towels', 'box', 160), ('cleaning', 'Disinfectant', 'l', 70), ('cleaning', 'Nitrile gloves', 'box', 90),
        ('cleaning', 'Trash bags', 'box', 110),
        ('packaging', 'Takeaway boxes', 'box', 240), ('packaging', 'Paper cups', 'box', 180), ('packaging', 'Cup lids', 'box', 120),
        ('packaging', 'Napkins', 'box', 95), ('packaging', 'Cling film', 'pcs', 85), ('packaging', 'Aluminium foil', 'pcs', 95),
        ('packaging', 'Paper bags', 'box', 150), ('packaging', 'Wooden cutlery', 'box', 130), ('packaging', 'Baking paper', 'pcs', 60),
        ('packaging', 'Vacuum bags', 'box', 170)
    ), items AS (
        SELECT category, name, unit, price::double precision AS price,
               -- COLLATE "C": the numbering must not depend on the database's collation.
               row_number() OVER (PARTITION BY category ORDER BY name COLLATE "C") - 1 AS idx,
               count(*) OVER (PARTITION BY category) AS cnt
        FROM item
    ), prod AS (
        SELECT s.n, s.org_id, s.s, s.cat_start, s.cat_size, s.id AS supplier_id, s.created_at AS sup_created, j,
               s.n::bigint * 512 + j AS key,
               CASE WHEN s.specialty <> 'wholesale' THEN s.specialty
                    ELSE datagen.pick(ARRAY['produce', 'dairy', 'meat', 'seafood', 'dry goods', 'beverages',
                                            'cleaning', 'packaging'], datagen.rand(seed, 40, s.n::bigint * 512 + j))
               END AS category
        FROM dg_sup s
        CROSS JOIN LATERAL generate_series(s.cat_start, s.cat_start + s.cat_size - 1) AS j
    ), chosen AS (
        SELECT p.*, i.name AS item_name, i.unit, i.price AS item_price,
               v.variant, v.factor,
               datagen.rand(seed, 43, p.key) AS r_trend,
               datagen.rand(seed, 44, p.key) AS r_step,
               datagen.rand(seed, 45, p.key) AS r_qty
        FROM prod p
        JOIN items i ON i.category = p.category
                    AND i.idx = floor(datagen.rand(seed, 41, p.key) * i.cnt)::int
        CROSS JOIN LATERAL (
            SELECT (ARRAY[NULL, NULL, NULL, 'organic', 'premium', 'economy', 'local', 'catering pack'])[k] AS variant,
                   (ARRAY[1.0, 1.0, 1.0, 1.35, 1.25, 0.8, 1.1, 0.9])[k]::double precision AS factor
            FROM (SELECT 1 + floor(8 * datagen.rand(seed, 42, p.key))::int AS k) kk
        ) v
    ), named AS (
        SELECT *,
               item_name || coalesce(', ' || variant, '') AS base_name
        FROM chosen
    )
    SELECT n, org_id, j, key, s, cat_start, cat_size, supplier_id,
           datagen.uuid(seed, 'prod', n, j) AS id,
           base_name || CASE WHEN dup > 1 THEN ' #' || dup ELSE '' END AS name,
           category, unit,
           sup_created + make_interval(days => floor(10 * datagen.rand(seed, 46, key))::int) AS created_at,
           -- Base unit price at the start of the period.
           item_price * factor * (0.85 + 0.3 * datagen.rand(seed, 47, key)) AS base_price,
           -- Linear monthly drift between -1 % and +2.5 % of the base price.
           -0.01 + 0.035 * r_trend AS trend,
           -- ~7 % of the products get a step change of 8-30 % (80 % of them up) at month 2..12.
           CASE WHEN r_step < 0.07 THEN 2 + floor(11 * datagen.rand(seed, 48, key))::int ELSE 99 END AS step_month,
           CASE WHEN r_step < 0.07
                THEN 1 + (0.08 + 0.22 * datagen.rand(seed, 49, key))
                         * CASE WHEN datagen.rand(seed, 50, key) < 0.8 THEN 1 ELSE -1 END
                ELSE 1 END AS step_factor,
           -- Month-to-month noise amplitude: fresh goods are volatile, the rest fairly stable.
           CASE category WHEN 'produce' THEN 0.12 WHEN 'seafood' THEN 0.09 WHEN 'meat' THEN 0.05
                         WHEN 'dairy' THEN 0.03 ELSE 0.02 END AS volatility,
           -- Typical ordered quantity and its rounding (weighed goods get grams).
           CASE unit WHEN 'kg' THEN 0.5 + 20 * r_qty * r_qty WHEN 'l' THEN 1 + 20 * r_qty
                     WHEN 'pcs' THEN 1 + 30 * r_qty * r_qty ELSE 1 + 6 * r_qty END AS typical_qty,
           CASE WHEN unit = 'kg' AND category IN ('meat', 'seafood') THEN 1000
                WHEN unit IN ('kg', 'l') THEN 10 ELSE 1 END::double precision AS qty_mult,
           CASE WHEN unit = 'kg' AND category IN ('meat', 'seafood') THEN 0.001
                WHEN unit IN ('kg', 'l') THEN 0.1 ELSE 1 END::numeric AS qty_unit
    FROM (SELECT *, row_number() OVER (PARTITION BY n, base_name ORDER BY j) AS dup FROM named) x;

    INSERT INTO products (id, organization_id, name, category, unit, created_at, updated_at)
    SELECT id, org_id, name, category, unit, created_at, created_at
    FROM dg_prod
    ORDER BY n, j;

    CREATE UNIQUE INDEX ON dg_prod (n, j);
    ANALYZE dg_prod;

    ---------------------------------------------------------------- invoices
    -- Invoice k of an organization falls in the k-th equal slice of its active period, so
    -- invoice numbers grow with the date. The supplier is the owner of a uniformly drawn
    -- product, i.e. suppliers with big catalogues get proportionally more invoices; locations
    -- are uniform. The line count is capped by the size of the supplier's catalogue, because
    -- the lines of one invoice are distinct products.
    CREATE TEMP TABLE dg_inv ON COMMIT DROP AS
    WITH i AS (
        SELECT o.n, o.id AS org_id, k, o.n::bigint * 1048576 + k AS key,
               period_start + 1 + floor(((k - 1) + datagen.rand(seed, 60, o.n::bigint * 1048576 + k)) / o.n_inv
                                        * (o.last_day - period_start))::int AS invoice_date,
               floor(o.n_prod * datagen.rand(seed, 61, o.n::bigint * 1048576 + k))::int AS j,
               floor(o.n_loc * datagen.rand(seed, 62, o.n::bigint * 1048576 + k))::int AS l
        FROM dg_org o
        CROSS JOIN LATERAL generate_series(1, o.n_inv) AS k
    )
    SELECT i.n, i.org_id, i.k, i.key, i.invoice_date,
           datagen.uuid(seed, 'inv', i.n, i.k) AS id,
           s.supplier_id,
           datagen.uuid(seed, 'loc', i.n, i.l) AS location_id,
           'INV-' || to_char(i.invoice_date, 'YYYY') || '-' || lpad(i.k::text, 6, '0') AS invoice_number,
           extract(year FROM i.invoice_date)::int * 12 + extract(month FROM i.invoice_date)::int - start_month AS month,
           s.cat_start, s.cat_size,
           floor(s.cat_size * datagen.rand(seed, 63, i.key))::int AS line_offset,
           least(s.cat_size, 1 + floor(25 * r_lines * sqrt(r_lines))::int) AS n_lines,
           CASE WHEN age <= 14 THEN CASE WHEN r_status < 0.25 THEN 'draft' WHEN r_status < 0.80 THEN 'approved'
                                         WHEN r_status < 0.97 THEN 'paid' ELSE 'void' END
                WHEN age <= 45 THEN CASE WHEN r_status < 0.03 THEN 'draft' WHEN r_status < 0.33 THEN 'approved'
                                         WHEN r_status < 0.97 THEN 'paid' ELSE 'void' END
                ELSE CASE WHEN r_status < 0.005 THEN 'approved' WHEN r_status < 0.97 THEN 'paid' ELSE 'void' END
           END AS status,
           i.invoice_date::timestamp AT TIME ZONE 'UTC'
               + make_interval(secs => 6 * 3600 + floor(12 * 3600 * datagen.rand(seed, 66, i.key))) AS created_at
    FROM i
    JOIN dg_prod s ON s.n = i.n AND s.j = i.j  -- the supplier owning product j
    CROSS JOIN LATERAL (SELECT as_of - i.invoice_date AS age,
                               datagen.rand(seed, 64, i.key) AS r_lines,
                               datagen.rand(seed, 65, i.key) AS r_status) d;

    CREATE INDEX ON dg_inv (month);
    ANALYZE dg_inv;

    ---------------------------------------------------------------- invoices + lines
    restore := datagen.detach_keys_and_indexes(ARRAY['invoices', 'invoice_lines']::regclass[]);

    -- Line l of an invoice is product cat_start + (line_offset + l) mod cat_size of the
    -- supplier's catalogue. Its unit price is the product's list price of that month:
    --   base * (1 + trend * month) * step factor (from step_month on) * (1 +/- volatility/2 noise)
    -- The noise is drawn per (product, month), so all lines of a product in a month agree.
    -- One statement per calendar month (at most 14): its lines are materialised once, inserted
    -- in (date, invoice, line) order, and aggregated into the invoices' total_amount, which so
    -- is exactly the sum of the rounded line amounts. Going month by month keeps the
    -- materialised lines, the sort and the aggregate in memory (~400k lines at bench scale)
    -- instead of spilling 5 million rows to disk.
    FOR batch IN SELECT DISTINCT month FROM dg_inv ORDER BY month LOOP
    WITH lines AS MATERIALIZED (
        SELECT i.invoice_date, i.key, i.id AS invoice_id, i.org_id, l AS line_number, p.id AS product_id,
               q.quantity, q.unit_price,
               round(q.quantity * q.unit_price, 2) AS amount
        FROM dg_inv i
        CROSS JOIN LATERAL generate_series(1, i.n_lines) AS l
        JOIN dg_prod p ON p.n = i.n AND p.j = i.cat_start + (i.line_offset + l - 1) % i.cat_size
        CROSS JOIN LATERAL (
            -- Rounded in double precision and converted through bigint: float8 -> numeric goes
            -- through text and would cost ~0.4 us per value (4 s at bench scale).
            SELECT greatest(1, round(p.typical_qty * p.qty_mult * (0.4 + 1.2 * datagen.rand(seed, 70, i.key * 32 + l))))
                       ::bigint::numeric * p.qty_unit AS quantity,
                   CASE WHEN x.price < 1 THEN round(x.price * 10000)::bigint::numeric * 0.0001
                        ELSE round(x.price * 100)::bigint::numeric * 0.01 END AS unit_price
            FROM (SELECT p.base_price * (1 + p.trend * i.month)
                         * CASE WHEN i.month >= p.step_month THEN p.step_factor ELSE 1 END
                         * (1 + p.volatility * (datagen.rand(seed, 71, p.key * 16 + i.month) - 0.5)) AS price) x
        ) q
        WHERE i.month = batch
    ), inserted_invoices AS (
        INSERT INTO invoices (id, organization_id, supplier_id, location_id, invoice_number, invoice_date,
                              status, total_amount, created_at, updated_at)
        SELECT i.id, i.org_id, i.supplier_id, i.location_id, i.invoice_number, i.invoice_date, i.status, t.total,
               i.created_at,
               least(i.created_at + CASE i.status WHEN 'paid' THEN interval '21 days'
                                                  WHEN 'approved' THEN interval '2 days'
                                                  WHEN 'void' THEN interval '3 days' ELSE interval '0' END,
                     (as_of + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 second')
        FROM dg_inv i
        JOIN (SELECT invoice_id, sum(amount) AS total FROM lines GROUP BY invoice_id) t ON t.invoice_id = i.id
        WHERE i.month = batch
        ORDER BY i.invoice_date, i.key
    )
    INSERT INTO invoice_lines (invoice_id, organization_id, line_number, product_id, quantity, unit_price, amount)
    SELECT invoice_id, org_id, line_number, product_id, quantity, unit_price, amount
    FROM lines
    ORDER BY invoice_date, key, line_number;
    END LOOP;

    FOREACH stmt IN ARRAY coalesce(restore, '{}') LOOP
        EXECUTE stmt;
    END LOOP;

    -- ANALYZE works inside a function (VACUUM does not) and sees this transaction's rows: give
    -- the planner statistics right away. Only the owner may analyze a table; a caller who is not
    -- the owner leaves that to autovacuum (or to a later VACUUM ANALYZE, which also sets the
    -- hint bits and the visibility map; that part cannot be done inside a function).
    FOR stmt IN SELECT format('ANALYZE %s', t.oid::regclass)
                FROM unnest(ARRAY['organizations', 'locations', 'suppliers', 'products', 'invoices',
                                  'invoice_lines']::regclass[]) WITH ORDINALITY AS u(tbl, ord)
                JOIN pg_class t ON t.oid = u.tbl
                WHERE pg_has_role(t.relowner, 'USAGE')
                ORDER BY u.ord LOOP
        EXECUTE stmt;
    END LOOP;

    SELECT jsonb_build_object(
               'scale', scale,
               'seed', seed,
               'as_of', as_of,
               'organizations', (SELECT count(*) FROM dg_org),
               'active_organizations', (SELECT count(*) FROM dg_org WHERE NOT inactive),
               'locations', (SELECT sum(n_loc) FROM dg_org),
               'suppliers', (SELECT count(*) FROM dg_sup),
               'products', (SELECT count(*) FROM dg_prod),
               'invoices', (SELECT count(*) FROM dg_inv),
               'invoice_lines', (SELECT sum(n_lines) FROM dg_inv))
    INTO result;

    DROP TABLE dg_org, dg_sup, dg_prod, dg_inv;
    RETURN result;
END;
$generate$;
