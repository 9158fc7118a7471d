import assert from "node:assert/strict";
import { test } from "node:test";
import { changeMarkers, figureLabel, formatFigureValue, KEY_FIGURES } from "../../../main/webapp/dashboard/figures.js";
import { readIdentity } from "../../../main/webapp/dashboard/identity.js";
import { isRefreshPublish } from "../../../main/webapp/dashboard/notice.js";
import { pickerOrder } from "../../../main/webapp/dashboard/organization-picker.js";
import { productParams } from "../../../main/webapp/dashboard/views/products.js";

test("the figures the contract names are all shown", () => {
  const keys = KEY_FIGURES.map((f) => f.key);
  for (const key of ["spend-last-30-days", "invoices", "average-invoice", "open-price-alerts"]) {
    assert.ok(keys.includes(key), key);
  }
});

test("the refresh's figure names read as labels, unknown ones too", () => {
  assert.equal(figureLabel("total_spend"), "Total spend");
  assert.equal(figureLabel("average_invoice_amount"), "Average invoice");
  assert.equal(figureLabel("price_alert_count"), "Open price alerts");
  assert.equal(figureLabel("lines_per_invoice"), "Lines per invoice");
  assert.equal(formatFigureValue("invoice_count", 1234), "1,234");
  assert.equal(formatFigureValue("total_spend", 1234), "1,234.00");
});

test("significant changes mark the matching figures up or down", () => {
  const markers = changeMarkers([
    { figure: "total_spend", previous: 120000, current: 131500, changeRatio: 0.0958 },
    { figure: "invoice_count", previous: 40, current: 30, changeRatio: -0.25 },
    { figure: "something_new", previous: 1, current: 2, changeRatio: 1 },
  ]);
  assert.deepEqual([...markers.keys()].sort(), ["invoices", "total-spend"]);
  assert.equal(markers.get("total-spend").direction, "up");
  assert.equal(markers.get("invoices").direction, "down");
  assert.equal(changeMarkers(undefined).size, 0);
});

test("a notice is for a refresh's publish, not for other changes", () => {
  assert.equal(isRefreshPublish({ reason: "nightly_refresh", refreshedAt: "2026-12-01T01:00:04Z" }), true);
  assert.equal(isRefreshPublish({ reason: "manual", refreshedAt: "2026-12-01T01:00:04Z" }), true);
  assert.equal(isRefreshPublish({ reason: "manual", refreshedAt: null }), false);
  assert.equal(isRefreshPublish({ reason: "data_change", refreshedAt: null }), false);
});

function token(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part(claims)}.signature`;
}

test("identity comes from the token's claims", () => {
  const viewer = readIdentity(token({ sub: "viewer@x", groups: ["viewer"], org_id: "5f0c", exp: 1796742218, name: "Åse" }));
  assert.equal(viewer.admin, false);
  assert.equal(viewer.organizationId, "5f0c");
  assert.equal(viewer.expiresAt.toISOString(), "2026-12-08T15:03:38.000Z");
  assert.equal(readIdentity(token({ sub: "admin", groups: ["admin"] })).admin, true);
  assert.equal(readIdentity("not a token"), null);
  assert.equal(readIdentity("a.%%%.c"), null);
});

test("the picker lists active organizations first, each group by name", () => {
  const order = pickerOrder([
    { id: "1", name: "Zeta", status: "active" },
    { id: "2", name: "Alpha", status: "inactive" },
    { id: "3", name: "Beta", status: "active" },
  ]).map((o) => o.id);
  assert.deepEqual(order, ["3", "1", "2"]);
});

test("the default product order asks without a sort parameter", () => {
  assert.equal(productParams("totalSpend,desc"), undefined);
  assert.deepEqual(productParams("productName,asc"), { sort: "productName,asc" });
});
