// Products: the first page of product-metrics, in the order the buyer picks. Each order is a
// query of its own (the sort is a query parameter), so the server sorts all products, not just
// the page shown.

import { dataTable, el, replace } from "../elements.js";
import { formatChange, formatCount, formatDate, formatMoney, formatQuantity } from "../format.js";
import { documentOf, watch } from "../watch.js";

/** The orders offered; the first is the server's default, asked without a sort parameter. */
export const PRODUCT_SORTS = [
  { value: "totalSpend,desc", label: "Spend, highest first" },
  { value: "priceChangeRatio,desc", label: "Price change, largest rise first" },
  { value: "priceChangeRatio,asc", label: "Price change, largest fall first" },
  { value: "purchaseCount,desc", label: "Purchases, most first" },
  { value: "totalQuantity,desc", label: "Quantity, most first" },
  { value: "averageUnitPrice,desc", label: "Average unit price, highest first" },
  { value: "lastPurchasedOn,desc", label: "Last purchased, newest first" },
  { value: "productName,asc", label: "Name, A to Z" },
  { value: "category,asc", label: "Category, A to Z" },
];

/** The query parameters for an order: none for the default. */
export function productParams(sort) {
  return !sort || sort === PRODUCT_SORTS[0].value ? undefined : { sort };
}

const COLUMNS = [
  { title: "Product", value: (p) => p.productName },
  { title: "Category", value: (p) => p.category },
  { title: "Spend", numeric: true, value: (p) => formatMoney(p.totalSpend) },
  { title: "Quantity", numeric: true, value: (p) => `${formatQuantity(p.totalQuantity)} ${p.unit ?? ""}`.trim() },
  { title: "Purchases", numeric: true, value: (p) => formatCount(p.purchaseCount) },
  { title: "Average unit price", numeric: true, value: (p) => formatMoney(p.averageUnitPrice) },
  { title: "Last unit price", numeric: true, value: (p) => formatMoney(p.lastUnitPrice) },
  { title: "Price change", numeric: true, value: (p) => formatChange(p.priceChangeRatio) },
  { title: "Last purchased", value: (p) => formatDate(p.lastPurchasedOn) },
];

// The order survives switching views and organizations within the page.
let chosenSort = PRODUCT_SORTS[0].value;

export const productsView = {
  name: "products",
  label: "Products",
  mount(panel, context) {
    const select = el(
      "select",
      { id: "product-sort", name: "sort" },
      PRODUCT_SORTS.map((sort) => el("option", { value: sort.value, selected: sort.value === chosenSort }, sort.label)),
    );
    const summary = el("p", { class: "view-summary", "aria-live": "polite" });
    const slot = el("div", null, el("p", { class: "loading" }, "Loading products\u2026"));
    replace(
      panel,
      el("h2", null, "Products"),
      el("div", { class: "controls" }, el("label", { for: "product-sort" }, "Sort by"), select),
      summary,
      slot,
    );

    let stop = () => {};
    const show = (sort) => {
      stop();
      summary.textContent = "Loading products\u2026";
      stop = watch(context, "product-metrics", productParams(sort), (state) => {
        const document = documentOf(state);
        if (!document) return;
        const rows = document.data ?? [];
        const total = document.page?.totalItems ?? rows.length;
        const label = PRODUCT_SORTS.find((s) => s.value === sort)?.label.toLowerCase() ?? sort;
        summary.textContent =
          rows.length === 0 ? "No products yet: the first refresh has not run." : `${formatCount(rows.length)} of ${formatCount(total)} products, ${label}.`;
        replace(slot, rows.length === 0 ? null : dataTable({ caption: "Products", captionHidden: true, columns: COLUMNS, rows }));
      });
    };
    select.addEventListener("change", () => {
      chosenSort = select.value;
      show(chosenSort);
    });
    show(chosenSort);
    return () => stop();
  },
};
