import assert from "node:assert/strict";
import { test } from "node:test";
import { cogsByLocation, cogsByMonthAndCategory, niceScale } from "../../../main/webapp/dashboard/cogs-totals.js";

const ROWS = [
  { month: "2025-12-01", category: "meat", spend: 100.1, lineCount: 2, locationId: "a", locationName: "Aarhus" },
  { month: "2025-11-01", category: "meat", spend: 0.2, lineCount: 1, locationId: "b", locationName: "Vejle" },
  { month: "2025-11-01", category: "dairy", spend: 300.0, lineCount: 4, locationId: "a", locationName: "Aarhus" },
  { month: "2025-11-01", category: "meat", spend: 0.1, lineCount: 1, locationId: "a", locationName: "Aarhus" },
];

test("months ascend and categories order by their total spend", () => {
  const totals = cogsByMonthAndCategory(ROWS);
  assert.deepEqual(totals.months, ["2025-11-01", "2025-12-01"]);
  assert.deepEqual(totals.categories, ["dairy", "meat"]);
});

test("cells add up the locations of a month and category without float drift", () => {
  const totals = cogsByMonthAndCategory(ROWS);
  // 0.2 + 0.1 is 0.30000000000000004 in floating point; the sums are in cents.
  assert.equal(totals.cells.get("2025-11-01").get("meat"), 0.3);
  assert.equal(totals.cells.get("2025-12-01").get("dairy"), undefined);
  assert.equal(totals.monthTotals.get("2025-11-01"), 300.3);
  assert.equal(totals.categoryTotals.get("meat"), 100.4);
  assert.equal(totals.total, 400.4);
});

test("locations order by spend, with shares and category sums", () => {
  const [first, second] = cogsByLocation(ROWS);
  assert.equal(first.locationName, "Aarhus");
  assert.equal(first.spend, 400.2);
  assert.equal(first.lineCount, 7);
  assert.equal(first.byCategory.get("meat"), 100.2);
  assert.equal(second.locationName, "Vejle");
  assert.equal(second.spend, 0.2);
  assert.ok(Math.abs(first.share + second.share - 1) < 1e-12);
});

test("no rows give empty totals", () => {
  const totals = cogsByMonthAndCategory(null);
  assert.deepEqual(totals.months, []);
  assert.equal(totals.total, 0);
  assert.deepEqual(cogsByLocation([]), []);
});

test("the value axis ends on a round number above the tallest bar", () => {
  assert.deepEqual(niceScale(423600), { max: 500000, step: 100000 });
  assert.deepEqual(niceScale(90), { max: 100, step: 20 });
  assert.deepEqual(niceScale(0), { max: 1, step: 1 });
});
