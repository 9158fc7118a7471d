// Suppliers: the full supplier-metrics table, by spend.

import { dataTable, el, replace } from "../elements.js";
import { formatCount, formatDate, formatMoney, formatShare } from "../format.js";
import { documentOf, watch } from "../watch.js";

const COLUMNS = [
  { title: "Supplier", value: (s) => s.supplierName },
  { title: "Spend", numeric: true, value: (s) => formatMoney(s.totalSpend) },
  { title: "Share", numeric: true, value: (s) => formatShare(s.spendShare) },
  { title: "Invoices", numeric: true, value: (s) => formatCount(s.invoiceCount) },
  { title: "Products", numeric: true, value: (s) => formatCount(s.productCount) },
  { title: "Average invoice", numeric: true, value: (s) => formatMoney(s.averageInvoiceAmount) },
  { title: "First invoice", value: (s) => formatDate(s.firstInvoiceOn) },
  { title: "Last invoice", value: (s) => formatDate(s.lastInvoiceOn) },
];

export const suppliersView = {
  name: "suppliers",
  label: "Suppliers",
  mount(panel, context) {
    const slot = el("div", null, el("p", { class: "loading" }, "Loading suppliers\u2026"));
    replace(panel, el("h2", null, "Suppliers"), slot);
    return watch(context, "supplier-metrics", undefined, (state) => {
      const document = documentOf(state);
      if (!document) return;
      const rows = document.data ?? [];
      replace(
        slot,
        rows.length === 0
          ? el("p", { class: "empty" }, "No suppliers yet: the first refresh has not run.")
          : [
              el("p", { class: "view-summary" }, `${formatCount(rows.length)} suppliers, by spend.`),
              dataTable({ caption: "Suppliers by spend", captionHidden: true, columns: COLUMNS, rows }),
            ],
      );
    });
  },
};
