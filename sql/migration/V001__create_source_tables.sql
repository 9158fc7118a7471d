-- Source tables: the procurement platform's system of record. This product only reads them
-- (apart from user preferences, which its API writes).
--
-- Tenant integrity is enforced by the database: every child row names its organization, and
-- composite foreign keys (id, organization_id) make it impossible for an invoice of one
-- organization to point at another organization's supplier, location or product.

CREATE TABLE organizations (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    city            text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organization_id)
);
CREATE INDEX locations_organization_idx ON locations (organization_id);

CREATE TABLE suppliers (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organization_id)
);
CREATE INDEX suppliers_organization_idx ON suppliers (organization_id);

CREATE TABLE products (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category        text        NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
    unit            text        NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organization_id)
);
CREATE INDEX products_organization_idx ON products (organization_id);

CREATE TABLE invoices (
    id              uuid          PRIMARY KEY,
    organization_id uuid          NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    supplier_id     uuid          NOT NULL,
    location_id     uuid          NOT NULL,
    invoice_number  text          NOT NULL,
    invoice_date    date          NOT NULL,
    status          text          NOT NULL CHECK (status IN ('draft', 'approved', 'paid', 'void')),
    total_amount    numeric(14, 2) NOT NULL,
    currency        char(3)       NOT NULL DEFAULT 'DKK',
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (id, organization_id),
    UNIQUE (organization_id, invoice_number),
    FOREIGN KEY (supplier_id, organization_id) REFERENCES suppliers (id, organization_id),
    FOREIGN KEY (location_id, organization_id) REFERENCES locations (id, organization_id)
);
CREATE INDEX invoices_organization_date_idx ON invoices (organization_id, invoice_date);
CREATE INDEX invoices_supplier_idx ON invoices (supplier_id);
CREATE INDEX invoices_location_idx ON invoices (location_id);

CREATE TABLE invoice_lines (
    id              bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id      uuid           NOT NULL,
    organization_id uuid           NOT NULL,
    line_number     integer        NOT NULL CHECK (line_number > 0),
    product_id      uuid           NOT NULL,
    quantity        numeric(12, 3) NOT NULL CHECK (quantity > 0),
    unit_price      numeric(12, 4) NOT NULL CHECK (unit_price >= 0),
    amount          numeric(14, 2) NOT NULL,
    UNIQUE (invoice_id, line_number),
    FOREIGN KEY (invoice_id, organization_id)
        REFERENCES invoices (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (product_id, organization_id) REFERENCES products (id, organization_id)
);
CREATE INDEX invoice_lines_organization_idx ON invoice_lines (organization_id);
CREATE INDEX invoice_lines_product_idx ON invoice_lines (product_id);

-- Preferences of one user (the token's subject) within one organization; written through the API.
CREATE TABLE user_preferences (
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
    preferences     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    version         bigint      NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
