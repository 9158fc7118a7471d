// The key figures: how each is read from dashboard-metrics, labelled and formatted, and how the
// refresh's names for them (significantChanges[].figure) map onto the page.

import { formatCount, formatMoney } from "./format.js";

/**
 * In display order, the headline figures (primary) first. `key` is the page's data-figure name, `change` the refresh's figure name,
 * `read` takes the dashboard-metrics data (and the price-alerts document, for the alert count).
 */
export const KEY_FIGURES = [
  {
    key: "spend-last-30-days",
    primary: true,
    change: "spend_last_30_days",
    label: "Spend, last 30 days",
    format: formatMoney,
    read: (metrics) => metrics?.spendLast30Days,
  },
  {
    key: "invoices",
    primary: true,
    change: "invoice_count",
    label: "Invoices",
    format: formatCount,
    read: (metrics) => metrics?.invoiceCount,
  },
  {
    key: "average-invoice",
    primary: true,
    change: "average_invoice_amount",
    label: "Average invoice",
    format: formatMoney,
    read: (metrics) => metrics?.averageInvoiceAmount,
  },
  {
    key: "open-price-alerts",
    primary: true,
    change: "price_alert_count",
    label: "Open price alerts",
    hint: "All price alerts of the last refresh, every severity",
    format: formatCount,
    read: (metrics, alerts) => alerts?.page?.totalItems ?? (Array.isArray(alerts?.data) ? alerts.data.length : undefined),
  },
  {
    key: "total-spend",
    change: "total_spend",
    label: "Total spend",
    format: formatMoney,
    read: (metrics) => metrics?.totalSpend,
  },
  {
    key: "active-suppliers",
    change: "active_supplier_count",
    label: "Active suppliers",
    format: formatCount,
    read: (metrics) => metrics?.activeSupplierCount,
  },
  {
    key: "products",
    change: "product_count",
    label: "Products bought",
    format: formatCount,
    read: (metrics) => metrics?.productCount,
  },
];

const BY_CHANGE = new Map(KEY_FIGURES.map((figure) => [figure.change, figure]));

/** The label of a refresh's figure name; an unknown name is made readable rather than hidden. */
export function figureLabel(changeName) {
  const known = BY_CHANGE.get(changeName);
  if (known) return known.label;
  const words = String(changeName).replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Formats a changed figure's value the way the page shows that figure. */
export function formatFigureValue(changeName, value) {
  return (BY_CHANGE.get(changeName)?.format ?? formatMoney)(value);
}

/**
 * The page's markers for a refresh's significant changes: Map data-figure key → {figure,
 * direction, previous, current, changeRatio}. Figures the page does not show are left out.
 */
export function changeMarkers(significantChanges) {
  const markers = new Map();
  for (const change of significantChanges ?? []) {
    const figure = BY_CHANGE.get(change?.figure);
    if (!figure || typeof change.current !== "number" || typeof change.previous !== "number") continue;
    if (change.current === change.previous) continue;
    markers.set(figure.key, {
      figure: change.figure,
      direction: change.current > change.previous ? "up" : "down",
      previous: change.previous,
      current: change.current,
      changeRatio: change.changeRatio ?? null,
    });
  }
  return markers;
}
