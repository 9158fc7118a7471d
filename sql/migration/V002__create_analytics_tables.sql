-- Analytics tables: recomputed per organization by the nightly refresh, in one transaction per
-- organization, so readers see either the previous or the new figures of an organization,
-- never half of each. Each row carries the snapshot version it belongs to.

-- One row per organization that has been refreshed at least once.
CREATE TABLE analytics_snapshots (
    organization_id     uuid           PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    version             bigint         NOT NULL CHECK (version > 0),
    refreshed_at        timestamptz    NOT NULL,
    source_line_count   bigint         NOT NULL,
    source_spend        numeric(16, 2) NOT NULL
);

CREATE TABLE dashboard_metrics (
    organization_id       uuid           PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    version               bigint         NOT NULL,
    refreshed_at          timestamptz    NOT NULL,
    total_spend           numeric(16, 2) NOT NULL,
    spend_last_30_days    numeric(16, 2) NOT NULL,
    spend_previous_30_days numeric(16, 2) NOT NULL,
    invoice_count         bigint         NOT NULL,
    open_invoice_count    bigint         NOT NULL,
    active_supplier_count integer        NOT NULL,
    product_count         integer        NOT NULL,
    location_count        integer        NOT NULL,
    average_invoice_amount numeric(14, 2) NOT NULL
);

CREATE TABLE product_metrics (
    organization_id     uuid           NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    product_id          uuid           NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    version             bigint         NOT NULL,
    refreshed_at        timestamptz    NOT NULL,
    total_quantity      numeric(16, 3) NOT NULL,
    total_spend         numeric(16, 2) NOT NULL,
    purchase_count      bigint         NOT NULL,
    average_unit_price  numeric(12, 4) NOT NULL,
    min_unit_price      numeric(12, 4) NOT NULL,
    max_unit_price      numeric(12, 4) NOT NULL,
    last_unit_price     numeric(12, 4) NOT NULL,
    price_change_ratio  numeric(10, 4),
    last_purchased_on   date           NOT NULL,
    PRIMARY KEY (organization_id, product_id)
);

-- Cost of goods per location, product category and month.
CREATE TABLE cogs_analysis (
    organization_id uuid           NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    location_id     uuid           NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    category        text           NOT NULL,
    month           date           NOT NULL,
    version         bigint         NOT NULL,
    refreshed_at    timestamptz    NOT NULL,
    spend           numeric(16, 2) NOT NULL,
    quantity        numeric(16, 3) NOT NULL,
    line_count      bigint         NOT NULL,
    PRIMARY KEY (organization_id, location_id, category, month)
);

CREATE TABLE supplier_metrics (
    organization_id        uuid           NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    supplier_id            uuid           NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    version                bigint         NOT NULL,
    refreshed_at           timestamptz    NOT NULL,
    total_spend            numeric(16, 2) NOT NULL,
    invoice_count          bigint         NOT NULL,
    product_count          integer        NOT NULL,
    average_invoice_amount numeric(14, 2) NOT NULL,
    spend_share            numeric(7, 6)  NOT NULL,
    first_invoice_on       date           NOT NULL,
    last_invoice_on        date           NOT NULL,
    PRIMARY KEY (organization_id, supplier_id)
);

CREATE TABLE invoice_analytics (
    organization_id     uuid           NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    month               date           NOT NULL,
    version             bigint         NOT NULL,
    refreshed_at        timestamptz    NOT NULL,
    invoice_count       bigint         NOT NULL,
    line_count          bigint         NOT NULL,
    total_amount        numeric(16, 2) NOT NULL,
    average_amount      numeric(14, 2) NOT NULL,
    draft_count         bigint         NOT NULL,
    approved_count      bigint         NOT NULL,
    paid_count          bigint         NOT NULL,
    void_count          bigint         NOT NULL,
    PRIMARY KEY (organization_id, month)
);

-- A product whose latest unit price at a supplier moved by more than the alert threshold.
CREATE TABLE price_alerts (
    organization_id     uuid           NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    product_id          uuid           NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    supplier_id         uuid           NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    version             bigint         NOT NULL,
    refreshed_at        timestamptz    NOT NULL,
    previous_unit_price numeric(12, 4) NOT NULL,
    current_unit_price  numeric(12, 4) NOT NULL,
    change_ratio        numeric(10, 4) NOT NULL,
    detected_on         date           NOT NULL,
    severity            text           NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    PRIMARY KEY (organization_id, product_id, supplier_id)
);

CREATE TABLE efficiency_metrics (
    organization_id              uuid          PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    version                      bigint        NOT NULL,
    refreshed_at                 timestamptz   NOT NULL,
    average_lines_per_invoice    numeric(10, 2) NOT NULL,
    top_three_supplier_share     numeric(7, 6) NOT NULL,
    price_volatility             numeric(10, 4) NOT NULL,
    void_invoice_ratio           numeric(7, 6) NOT NULL,
    average_days_between_orders  numeric(10, 2) NOT NULL
);
