// Cost of goods in detail: the chart with its table shown, and spend by location and category.

import { cogsChart } from "../chart.js";
import { cogsByLocation, cogsByMonthAndCategory } from "../cogs-totals.js";
import { dataTable, el, replace } from "../elements.js";
import { formatCount, formatMoney, formatShare } from "../format.js";
import { documentOf, watch } from "../watch.js";

function locationTable(rows) {
  const { categories } = cogsByMonthAndCategory(rows);
  const locations = cogsByLocation(rows);
  return dataTable({
    caption: "Cost of goods by location and category",
    rows: locations,
    columns: [
      { title: "Location", value: (l) => l.locationName },
      { title: "Spend", numeric: true, value: (l) => formatMoney(l.spend) },
      { title: "Share", numeric: true, value: (l) => formatShare(l.share) },
      { title: "Lines", numeric: true, value: (l) => formatCount(l.lineCount) },
      ...categories.map((category) => ({
        title: category,
        numeric: true,
        value: (l) => formatMoney(l.byCategory.get(category) ?? 0),
      })),
    ],
  });
}

export const cogsView = {
  name: "cogs",
  label: "Cost of goods",
  mount(panel, context) {
    const slot = el("div", null, el("p", { class: "loading" }, "Loading the cost of goods\u2026"));
    replace(panel, el("h2", null, "Cost of goods"), slot);
    let chart = null;
    const stop = watch(context, "cogs-analysis", undefined, (state) => {
      const document = documentOf(state);
      if (!document) return;
      const rows = document.data ?? [];
      chart?.dispose();
      chart = cogsChart(rows, { tableVisible: true, title: "Cost of goods by month and category" });
      replace(
        slot,
        chart.element,
        rows.length === 0 ? null : el("section", { "aria-labelledby": "cogs-locations" }, el("h3", { id: "cogs-locations" }, "By location"), locationTable(rows)),
      );
    });
    return () => {
      stop();
      chart?.dispose();
    };
  },
};
