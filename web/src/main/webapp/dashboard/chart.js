// The COGS chart: spend by month, stacked by category, drawn as plain SVG at the width it is
// given (redrawn when that changes, so that labels stay legible on a phone). Screen readers get
// a summary as the image's label and the numbers as a table.

import { cogsByMonthAndCategory, niceScale } from "./cogs-totals.js";
import { dataTable, el, replace, svg } from "./elements.js";
import { formatCompact, formatMoney, formatMonth } from "./format.js";

// Each at least 3:1 against white (the non-text contrast of graphics), told apart by hue.
const PALETTE = ["#1f5fa6", "#c2571a", "#2e7d32", "#8e3b8e", "#b3261e", "#00796b", "#6d5d00", "#5d4037"];
const OTHER_COLOUR = "#5f6368";
const HEIGHT = 260;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 52 };

/** Colours by category name, so that a category keeps its colour across views and months. */
export function categoryColours(categories) {
  const byName = [...categories].sort((a, b) => a.localeCompare(b));
  return new Map(byName.map((name, index) => [name, PALETTE[index] ?? OTHER_COLOUR]));
}

function summary(totals) {
  const { months, categories, total } = totals;
  if (months.length === 0) return "Cost of goods by month and category: no data yet.";
  const top = categories[0];
  return (
    `Cost of goods by month and category, ${formatMonth(months[0])} to ` +
    `${formatMonth(months[months.length - 1])}: ${formatMoney(total)} in all, ` +
    `most in ${top} (${formatMoney(totals.categoryTotals.get(top))}). The table below lists every figure.`
  );
}

function drawBars(totals, colours, width) {
  const { months, categories, cells, monthTotals } = totals;
  const plotWidth = Math.max(width - MARGIN.left - MARGIN.right, 40);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const { max, step } = niceScale(Math.max(0, ...monthTotals.values()));
  const y = (value) => MARGIN.top + plotHeight - (value / max) * plotHeight;
  const slot = plotWidth / Math.max(months.length, 1);
  const barWidth = Math.max(Math.min(slot * 0.7, 48), 2);
  // Label every month when there is room, else every second or third.
  const labelEvery = Math.ceil(44 / slot);

  const grid = [];
  for (let value = 0; value <= max + step / 2; value += step) {
    grid.push(
      svg("line", { class: "grid", x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: y(value), y2: y(value) }),
      svg("text", { class: "axis", x: MARGIN.left - 6, y: y(value) + 4, "text-anchor": "end" }, formatCompact(value)),
    );
  }
  const bars = months.map((month, index) => {
    const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
    let base = 0;
    const segments = categories.map((category) => {
      const value = cells.get(month).get(category) ?? 0;
      const rect = svg(
        "rect",
        { x, y: y(base + value), width: barWidth, height: Math.max(y(base) - y(base + value), 0), fill: colours.get(category) },
        svg("title", null, `${formatMonth(month)} · ${category}: ${formatMoney(value)}`),
      );
      base += value;
      return rect;
    });
    const label =
      index % labelEvery === 0
        ? svg("text", { class: "axis", x: x + barWidth / 2, y: HEIGHT - 8, "text-anchor": "middle" }, formatMonth(month, { short: true }))
        : null;
    return svg("g", null, segments, label);
  });
  return [grid, bars];
}

function legend(categories, colours) {
  return el(
    "ul",
    { class: "legend", "aria-hidden": "true" },
    categories.map((category) =>
      el("li", null, el("span", { class: "swatch", style: `background:${colours.get(category)}` }), category),
    ),
  );
}

function fallbackTable(totals, visible) {
  const { months, categories, cells, monthTotals } = totals;
  const columns = [
    { title: "Month", value: (month) => formatMonth(month) },
    ...categories.map((category) => ({
      title: category,
      numeric: true,
      value: (month) => formatMoney(cells.get(month).get(category) ?? 0),
    })),
    { title: "Total", numeric: true, value: (month) => formatMoney(monthTotals.get(month)) },
  ];
  const table = dataTable({ caption: "Cost of goods by month and category", columns, rows: months });
  if (!visible) table.classList.add("visually-hidden");
  return table;
}

/**
 * The chart for the cogs-analysis rows as a <figure>: the SVG (role img), its legend, and the
 * numbers as a table (visually hidden unless tableVisible). Call dispose() when it leaves the page.
 */
export function cogsChart(rows, { tableVisible = false, title = "Cost of goods by month" } = {}) {
  const totals = cogsByMonthAndCategory(rows);
  const colours = categoryColours(totals.categories);
  const image = svg("svg", { role: "img", "aria-label": summary(totals), class: "chart", height: HEIGHT });
  const figure = el(
    "figure",
    { class: "chart-figure" },
    el("figcaption", null, title),
    totals.months.length === 0 ? el("p", { class: "empty" }, "No cost of goods yet: the first refresh has not run.") : image,
    legend(totals.categories, colours),
    fallbackTable(totals, tableVisible),
  );

  let drawnWidth = 0;
  const draw = () => {
    const width = Math.floor(figure.clientWidth) || 640;
    if (width === drawnWidth) return;
    drawnWidth = width;
    image.setAttribute("width", width);
    image.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
    replace(image, drawBars(totals, colours, width));
  };
  const observer = typeof ResizeObserver === "function" ? new ResizeObserver(draw) : null;
  observer?.observe(figure);
  queueMicrotask(draw);
  return { element: figure, dispose: () => observer?.disconnect() };
}
