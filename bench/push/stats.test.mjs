// The push benchmark's own statistics on made-up input: node --test bench/push/
// (no node and no npm install needed: these modules import nothing outside Node).

import assert from "node:assert/strict";
import { test } from "node:test";
import { heapUsedBytes, rssBytes } from "./memory.mjs";
import { markdownRow, flatten } from "./report.mjs";
import {
  account,
  byCommitOrder,
  serverTimer,
  allCaughtUp,
  instantMillis,
  latencies,
  percentile,
  perSessions,
  summarize,
  tally,
} from "./stats.mjs";

const A = "00000000-0000-0000-0000-00000000000a";
const B = "00000000-0000-0000-0000-00000000000b";

const client = (id, organizationId, subscribedVersion, versions, node = 0) => ({
  id,
  node,
  organizationId,
  subscribedVersion,
  received: versions.map((v) =>
    typeof v === "object" ? v : { organizationId, version: v, latencyMs: v * 10 },
  ),
});

test("percentiles are nearest-rank: always a measured value", () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 100), 100);
  assert.equal(percentile([7], 1), 7);
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
  assert.equal(percentile([1, 2, 3, 4], 51), 3);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.throws(() => percentile([1], 0), RangeError);
});

test("percentiles sort numerically, not as text", () => {
  assert.equal(percentile([100, 9, 20], 50), 20);
  assert.equal(percentile([0.5, 10, 2, 1000], 99), 1000);
});

test("summarize gives count, p50, p99, max and mean", () => {
  const s = summarize([3, 1, 2, 10]);
  assert.deepEqual(s, { count: 4, p50: 2, p99: 10, max: 10, mean: 4 });
  const none = summarize([]);
  assert.equal(none.count, 0);
  assert.ok(Number.isNaN(none.p99) && Number.isNaN(none.max));
});

test("instants keep the fraction below a millisecond and honour offsets", () => {
  const base = Date.UTC(2026, 10, 24, 10, 0, 0);
  assert.equal(instantMillis("2026-11-24T10:00:00Z"), base);
  assert.ok(Math.abs(instantMillis("2026-11-24T10:00:00.123456Z") - (base + 123.456)) < 1e-6);
  assert.equal(instantMillis("2026-11-24T11:00:00.5+01:00"), base + 500);
  assert.ok(Number.isNaN(instantMillis("yesterday")));
  assert.ok(Number.isNaN(instantMillis(null)));
});

test("a client that got every version once, in order, lost and duplicated nothing", () => {
  const a = account(client(1, A, 4, [5, 6, 7]), 7);
  assert.deepEqual(
    { ...a, lostVersions: undefined },
    {
      expected: 3,
      received: 3,
      lost: 0,
      duplicated: 0,
      outOfOrder: 0,
      unexpected: 0,
      foreign: 0,
      lostVersions: undefined,
    },
  );
});

test("a gap is a loss, and the lost versions are named", () => {
  const a = account(client(1, A, 4, [5, 7]), 8);
  assert.equal(a.expected, 4);
  assert.equal(a.lost, 2);
  assert.deepEqual(a.lostVersions, [6, 8]);
});

test("a version received twice is one duplicate, and no loss", () => {
  const a = account(client(1, A, 0, [1, 2, 2, 3, 2]), 3);
  assert.equal(a.received, 5);
  assert.equal(a.duplicated, 2);
  assert.equal(a.lost, 0);
  assert.equal(a.outOfOrder, 0, "a repeat is a duplicate, not also out of order");
});

test("order, versions outside the range and other organizations' events are counted apart", () => {
  const foreign = { organizationId: B, version: 6, latencyMs: 1 };
  const a = account(client(1, A, 4, [6, 5, 4, 9, foreign]), 6);
  assert.equal(a.outOfOrder, 2, "5 and 4 after 6");
  assert.equal(a.unexpected, 2, "4 is the subscribed version itself, 9 is past the final one");
  assert.equal(a.foreign, 1);
  assert.equal(a.received, 4, "the foreign event is not its organization's");
  assert.equal(a.lost, 0);
});

test("a client of an organization the refresh did not touch expects nothing", () => {
  const a = account(client(1, B, 3, []), 3);
  assert.equal(a.expected, 0);
  assert.equal(a.lost, 0);
});

test("tally sums over clients, per organization's final version", () => {
  const clients = [
    client(1, A, 2, [3, 4]), // fine
    client(2, A, 2, [3]), // lost 4
    client(3, A, 3, [4, 4]), // subscribed later: expects only 4, got it twice
    client(4, B, 0, []), // B not changed
  ];
  const t = tally(clients, new Map([[A, 4]]));
  assert.equal(t.clients, 4);
  assert.equal(t.expected, 2 + 2 + 1 + 0);
  assert.equal(t.received, 5);
  assert.equal(t.lost, 1);
  assert.equal(t.duplicated, 1);
  assert.equal(t.clientsWithLoss, 1);
  assert.deepEqual(
    t.lostSample.map((s) => [s.client, s.lostVersions]),
    [[2, [4]]],
  );
});

test("caught up means every expected version has arrived, not merely the last one", () => {
  const finals = new Map([[A, 3]]);
  assert.equal(allCaughtUp([client(1, A, 0, [1, 2, 3])], finals), true);
  assert.equal(allCaughtUp([client(1, A, 0, [1, 3])], finals), false);
  assert.equal(allCaughtUp([client(1, A, 0, [1, 2, 3]), client(2, B, 5, [])], finals), true);
});

test("latencies time the first receipt of each expected version only", () => {
  const clients = [
    client(1, A, 1, [2, 2, 3], 0), // 20, 30 (the repeat of 2 is not timed)
    client(2, A, 1, [1, 2], 1), // 1 is not expected: only 20
  ];
  const timed = latencies(clients, new Map([[A, 3]]));
  assert.deepEqual(
    timed.map((t) => [t.node, t.latencyMs]),
    [
      [0, 20],
      [0, 30],
      [1, 20],
    ],
  );
});

test("memory per 1,000 sessions", () => {
  assert.equal(perSessions(100e6, 150e6, 500), 100e6);
  assert.ok(Number.isNaN(perSessions(1, 2, 0)));
});

test("jcmd's heap and /proc's RSS are read", () => {
  const g1 = [
    "8642:",
    " garbage-first heap   total 40960K, used 5957K [0x0000000687400000, 0x0000000800000000)",
    "  region size 4096K, 0 young (0K), 0 survivors (0K)",
    " Metaspace       used 8889K, committed 9088K, reserved 1114112K",
    "  class space    used 1062K, committed 1152K, reserved 1048576K",
  ].join("\n");
  assert.equal(heapUsedBytes(g1), 5957 * 1024);
  assert.ok(Number.isNaN(heapUsedBytes("no heap here")));
  assert.equal(rssBytes("Name:\tjava\nVmRSS:\t   67156 kB\nVmSwap:\t0 kB\n"), 67156 * 1024);
});

test("the page's row shows the counts and the goal", () => {
  const row = markdownRow({
    run: {
      date: "2026-11-25",
      clients: 1000,
      nodes: ["a", "b"],
      organizations: 50,
      activeOrganizations: 45,
    },
    refresh: { node: 0 },
    events: { expected: 900, received: 900, lost: 0, duplicated: 0 },
    latency: { all: { p50: 12.34, p99: 87.6, max: 140 }, byNode: [{ p99: 80 }, { p99: 95 }] },
    memory: { heapPer1000Sessions: 52428800, rssPer1000Sessions: NaN },
  });
  assert.equal(
    row,
    "| 2026-11-25 | 1,000 (500) | 50 (45) | 900 / 900 | **0** | **0** | 12.3 | **87.6** | 140.0 | 80.0 / 95.0 | 50.0 MiB | n/a | met |",
  );
  assert.deepEqual(flatten({ a: { b: 1, c: [1] }, d: null }), [
    ["a.b", "1"],
    ["a.c", "[1]"],
    ["d", "null"],
  ]);
});

test("byCommitOrder ranks organizations by when their change was written, with their worst latency", () => {
  const timed = [
    { organizationId: "b", changedAt: 20, latencyMs: 5 },
    { organizationId: "a", changedAt: 10, latencyMs: 7 },
    { organizationId: "b", changedAt: 20, latencyMs: 9 },
  ];
  assert.deepEqual(byCommitOrder(timed), [
    { place: 1, organizationId: "a", maxMs: 7 },
    { place: 2, organizationId: "b", maxMs: 9 },
  ]);
});

test("serverTimer reads a duration's summed seconds over its count", () => {
  const text = [
    'push_changes_applied_total{mp_scope="application",reason="manual"} 1.0',
    'push_changes_applied_total{mp_scope="application",reason="nightly_refresh"} 3.0',
    'push_change_apply_lag_seconds_total{mp_scope="application"} 0.2',
  ].join("\n");
  assert.deepEqual(
    serverTimer(text, "push_change_apply_lag_seconds_total", "push_changes_applied_total"),
    { count: 4, meanMs: 50 },
  );
});
