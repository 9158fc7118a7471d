// The overview: key figures, the COGS chart, the top five suppliers.

import { cogsChart } from "../chart.js";
import { dataTable, el, replace } from "../elements.js";
import { KEY_FIGURES } from "../figures.js";
import { changeRatio, formatChange, formatMoney, formatShare, formatCount } from "../format.js";
import { documentOf, watch } from "../watch.js";
import { PRICE_ALERT_PARAMS } from "./price-alerts.js";

function figureCard(figure) {
  const labelId = `figure-label-${figure.key}`;
  const value = el("span", { class: "figure-value", "data-figure": figure.key, "aria-describedby": labelId }, "\u2026");
  const note = el("span", { class: "figure-note" });
  const card = el(
    "div",
    { class: "figure-card", title: figure.hint ?? null },
    el("dt", { id: labelId }, figure.label, figure.hint ? el("span", { class: "figure-hint" }, " (all severities)") : null),
    el("dd", null, value, note),
  );
  return { figure, card, value, note };
}

function showFigure({ figure, value }, raw, loading) {
  const known = typeof raw === "number" && Number.isFinite(raw);
  value.textContent = known ? figure.format(raw) : loading ? "\u2026" : "\u2014";
  if (known) value.dataset.value = String(raw);
  else delete value.dataset.value;
}

function topSuppliers(rows) {
  return dataTable({
    caption: "Top suppliers by spend",
    captionHidden: true,
    rows: (rows ?? []).slice(0, 5),
    columns: [
      { title: "Supplier", value: (s) => s.supplierName },
      { title: "Spend", numeric: true, value: (s) => formatMoney(s.totalSpend) },
      { title: "Share", numeric: true, value: (s) => formatShare(s.spendShare) },
      { title: "Invoices", numeric: true, value: (s) => formatCount(s.invoiceCount) },
    ],
  });
}

export const overviewView = {
  name: "overview",
  label: "Overview",
  mount(panel, context) {
    const cards = KEY_FIGURES.map(figureCard);
    const byKey = new Map(cards.map((card) => [card.figure.key, card]));
    const figureList = el(
      "div",
      null,
      el("dl", { class: "figures figures-primary" }, cards.filter((c) => c.figure.primary).map((c) => c.card)),
      el("dl", { class: "figures figures-secondary" }, cards.filter((c) => !c.figure.primary).map((c) => c.card)),
    );
    const empty = el("p", { class: "empty", hidden: true }, "No figures yet: the first refresh of this organization has not run.");
    const chartSlot = el("div", { class: "chart-slot" }, el("p", { class: "loading" }, "Loading the cost of goods\u2026"));
    const supplierSlot = el("div", null, el("p", { class: "loading" }, "Loading suppliers\u2026"));
    replace(
      panel,
      el("h2", { id: "overview-heading" }, "Overview"),
      el("section", { "aria-labelledby": "figures-heading" }, el("h3", { id: "figures-heading", class: "visually-hidden" }, "Key figures"), empty, figureList),
      el("section", { "aria-labelledby": "overview-cogs-heading" }, el("h3", { id: "overview-cogs-heading" }, "Cost of goods"), chartSlot),
      el(
        "section",
        { "aria-labelledby": "overview-suppliers-heading" },
        el("h3", { id: "overview-suppliers-heading" }, "Top suppliers"),
        supplierSlot,
        el("p", null, el("a", { href: "#/suppliers" }, "All suppliers")),
      ),
    );

    let metrics;
    let alerts;
    const renderFigures = () => {
      const data = metrics?.data ?? null;
      empty.hidden = !(metrics && data === null);
      for (const card of cards) {
        const loading = card.figure.key === "open-price-alerts" ? !alerts : !metrics;
        showFigure(card, card.figure.read(data, alerts), loading);
      }
      const spend = byKey.get("spend-last-30-days");
      const ratio = changeRatio(data?.spendPrevious30Days, data?.spendLast30Days);
      spend.note.textContent = ratio === null ? "" : `${formatChange(ratio)} vs the previous 30 days`;
      const alertCard = byKey.get("open-price-alerts");
      const warnings = (alerts?.data ?? []).filter((a) => a.severity === "warning").length;
      alertCard.note.textContent = alerts ? `${formatCount(warnings)} ${warnings === 1 ? "warning" : "warnings"}${alerts.page && alerts.page.totalPages > 1 ? " on the first page" : ""}` : "";
      context.markFigures(figureList);
      if (metrics) context.figuresShown();
    };

    let chart = null;
    const stops = [
      watch(context, "dashboard-metrics", undefined, (state) => {
        if (documentOf(state)) {
          metrics = documentOf(state);
          renderFigures();
        }
      }),
      watch(context, "price-alerts", PRICE_ALERT_PARAMS, (state) => {
        if (documentOf(state)) {
          alerts = documentOf(state);
          renderFigures();
        }
      }),
      watch(context, "cogs-analysis", undefined, (state) => {
        const document = documentOf(state);
        if (!document) return;
        chart?.dispose();
        chart = cogsChart(document.data);
        replace(chartSlot, chart.element, el("p", null, el("a", { href: "#/cogs" }, "Cost of goods in detail")));
      }),
      watch(context, "supplier-metrics", undefined, (state) => {
        const document = documentOf(state);
        if (!document) return;
        replace(supplierSlot, (document.data ?? []).length === 0 ? el("p", { class: "empty" }, "No suppliers yet.") : topSuppliers(document.data));
      }),
    ];
    return () => {
      stops.forEach((stop) => stop());
      chart?.dispose();
    };
  },
};
