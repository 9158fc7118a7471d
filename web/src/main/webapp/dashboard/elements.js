// Building DOM nodes by hand: no template engine, and never innerHTML with data from the server
// (names of products and suppliers come from other systems and must stay text).

const SVG_NS = "http://www.w3.org/2000/svg";

function assign(node, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.setAttribute("class", value);
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else node.setAttribute(name, value === true ? "" : String(value));
  }
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** An HTML element: el("p", { class: "note" }, "text", otherNode). */
export function el(tag, attributes, ...children) {
  return append(assign(document.createElement(tag), attributes), children);
}

/** An SVG element, same calling convention as el. */
export function svg(tag, attributes, ...children) {
  return append(assign(document.createElementNS(SVG_NS, tag), attributes), children);
}

/** Replaces the children of node. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A table in a horizontally scrollable, keyboard-focusable region (narrow screens). */
export function dataTable({ caption, columns, rows, captionHidden = false, label }) {
  const head = el(
    "thead",
    null,
    el(
      "tr",
      null,
      columns.map((column) =>
        el("th", { scope: "col", class: column.numeric ? "numeric" : null }, column.title),
      ),
    ),
  );
  const body = el(
    "tbody",
    null,
    rows.map((row) =>
      el(
        "tr",
        null,
        columns.map((column, index) => {
          const value = column.value(row);
          const attributes = { class: column.numeric ? "numeric" : null };
          return index === 0 && column.rowHeader !== false
            ? el("th", { ...attributes, scope: "row" }, value)
            : el("td", attributes, value);
        }),
      ),
    ),
  );
  const table = el(
    "table",
    null,
    el("caption", { class: captionHidden ? "visually-hidden" : null }, caption),
    head,
    body,
  );
  return el(
    "div",
    { class: "table-scroll", role: "region", tabindex: "0", "aria-label": label ?? caption },
    table,
  );
}
