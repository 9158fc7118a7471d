import assert from "node:assert/strict";
import { test } from "node:test";
import {
  changeRatio,
  formatChange,
  formatCompact,
  formatCount,
  formatDate,
  formatMoney,
  formatMonth,
  formatNextUpdate,
  formatRelative,
  formatShare,
} from "../../../main/webapp/dashboard/format.js";

const NOW = Date.parse("2026-12-01T15:00:00Z");

test("amounts have two decimals and grouped thousands", () => {
  assert.equal(formatMoney(4864976.68), "4,864,976.68");
  assert.equal(formatMoney(0.5), "0.50");
  assert.equal(formatMoney(null), "—");
});

test("counts, shares and compact axis labels", () => {
  assert.equal(formatCount(12345), "12,345");
  assert.equal(formatShare(0.207957), "20.8 %");
  assert.equal(formatCompact(120000), "120K");
  assert.equal(formatCompact(1500000), "1.5M");
});

test("a change is signed, with a real minus sign, and zero has no sign", () => {
  assert.equal(formatChange(0.0958), "+9.6 %");
  assert.equal(formatChange(-0.2533), "\u221225.3 %");
  assert.equal(formatChange(0.00001), "0.0 %");
  assert.equal(formatChange(null), "—");
});

test("the change ratio is relative to the size of the previous value", () => {
  assert.equal(changeRatio(200, 250), 0.25);
  assert.equal(changeRatio(-200, -100), 0.5);
  assert.equal(changeRatio(0, 10), null);
});

test("relative times count minutes, hours, then days", () => {
  assert.equal(formatRelative(NOW - 20_000, NOW), "just now");
  assert.equal(formatRelative(NOW - 5 * 60_000, NOW), "5 min ago");
  assert.equal(formatRelative("2026-12-01T12:00:00Z", NOW), "3 h ago");
  assert.equal(formatRelative(NOW - 47 * 3_600_000, NOW), "47 h ago");
  assert.equal(formatRelative(NOW - 3 * 86_400_000, NOW), "3 days ago");
  assert.equal(formatRelative(null, NOW), "—");
});

test("the next update is written in the refresh's zone, summer and winter", () => {
  // 01:00 UTC is 02:00 in Copenhagen in winter (UTC+1) and 03:00 in summer (UTC+2).
  assert.equal(formatNextUpdate("2026-12-02T01:00:00Z", "Europe/Copenhagen", NOW), "02:00 Europe/Copenhagen");
  const july = Date.parse("2026-07-01T12:00:00Z");
  assert.equal(formatNextUpdate("2026-07-02T00:00:00Z", "Europe/Copenhagen", july), "02:00 Europe/Copenhagen");
  assert.equal(formatNextUpdate("2026-12-02T01:00:00Z", "America/New_York", NOW), "20:00 America/New_York");
});

test("a next update more than a day away names its day", () => {
  assert.equal(formatNextUpdate("2026-12-03T01:00:00Z", "Europe/Copenhagen", NOW), "Thu 3 Dec 02:00 Europe/Copenhagen");
});

test("dates and months of the API are calendar values, not shifted by a zone", () => {
  assert.equal(formatDate("2026-11-21"), "21 Nov 2026");
  assert.equal(formatMonth("2025-11-01"), "Nov 2025");
  assert.equal(formatMonth("2025-11-01", { short: true }), "Nov 25");
  assert.equal(formatDate("yesterday"), "—");
});
