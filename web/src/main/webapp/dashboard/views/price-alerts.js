// Price alerts: the first page of the organization's alerts, newest first, each with its
// severity (in words, not only colour), product, supplier and price change.

import { el, replace } from "../elements.js";
import { formatChange, formatCount, formatDate, formatMoney } from "../format.js";
import { documentOf, watch } from "../watch.js";

/** The query the overview's alert count and this view share: the server's first page. */
export const PRICE_ALERT_PARAMS = undefined;

const SEVERITY_ORDER = ["critical", "warning", "info"];

function severityLabel(severity) {
  const text = String(severity ?? "unknown");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function alertItem(alert) {
  const direction = alert.changeRatio > 0 ? "up" : alert.changeRatio < 0 ? "down" : "flat";
  return el(
    "li",
    { class: "alert-item", "data-severity": alert.severity },
    el("span", { class: `severity severity-${alert.severity}` }, severityLabel(alert.severity)),
    el(
      "div",
      { class: "alert-body" },
      el("p", { class: "alert-title" }, el("strong", null, alert.productName ?? "Unknown product"), " from ", alert.supplierName ?? "an unknown supplier"),
      el(
        "p",
        { class: "alert-change" },
        el("span", { class: `change change-${direction}`, "data-change-ratio": alert.changeRatio }, formatChange(alert.changeRatio)),
        ` unit price ${formatMoney(alert.previousUnitPrice)} \u2192 ${formatMoney(alert.currentUnitPrice)}`,
        " \u00b7 detected ",
        el("time", { datetime: alert.detectedOn }, formatDate(alert.detectedOn)),
      ),
    ),
  );
}

function summary(document) {
  const alerts = document.data ?? [];
  const total = document.page?.totalItems ?? alerts.length;
  const counts = new Map();
  for (const alert of alerts) counts.set(alert.severity, (counts.get(alert.severity) ?? 0) + 1);
  const parts = [...counts.keys()]
    .sort((a, b) => (SEVERITY_ORDER.indexOf(a) + 1 || 99) - (SEVERITY_ORDER.indexOf(b) + 1 || 99))
    .map((severity) => `${formatCount(counts.get(severity))} ${severity}`);
  const shown = alerts.length < total ? `, the newest ${formatCount(alerts.length)} shown` : "";
  return `${formatCount(total)} ${total === 1 ? "alert" : "alerts"}${shown}${parts.length ? ` (${parts.join(", ")}${alerts.length < total ? " among those shown" : ""})` : ""}.`;
}

export const priceAlertsView = {
  name: "price-alerts",
  label: "Price alerts",
  mount(panel, context) {
    const status = el("p", { class: "view-summary" }, "Loading price alerts\u2026");
    const list = el("ul", { class: "alert-list", "aria-labelledby": "price-alerts-heading" });
    const tier = typeof context.source.tier === "function" ? context.source.tier("price-alerts") : undefined;
    const freshness =
      tier && tier.staleTime > 0 ? el("p", { class: "hint" }, `Alerts are checked again when older than ${Math.round(tier.staleTime / 1000)} s.`) : null;
    replace(panel, el("h2", { id: "price-alerts-heading" }, "Price alerts"), status, freshness, list);
    return watch(context, "price-alerts", PRICE_ALERT_PARAMS, (state) => {
      const document = documentOf(state);
      if (!document) return;
      const alerts = document.data ?? [];
      status.textContent = alerts.length === 0 ? "No price alerts." : summary(document);
      replace(list, alerts.map(alertItem));
    });
  },
};
