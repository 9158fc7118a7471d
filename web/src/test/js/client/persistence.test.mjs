import { test } from "node:test";
import assert from "node:assert/strict";
import { setup, watch } from "./harness.mjs";
import { ORG_A, fakeClock, fakeServer, fakeWebSocketClass, memoryStorage, token } from "./fakes.mjs";

const metrics = { organizationId: ORG_A, dataType: "dashboard-metrics" };
const cogs = { organizationId: ORG_A, dataType: "cogs-analysis" };

/** A page of one tab over a given sessionStorage; a "reload" is a second page over the same one. */
function page(storage, { subject = "viewer@a", clock = fakeClock(), server = fakeServer() } = {}) {
  return setup({ token: token(subject), storage, clock, server, WebSocket: fakeWebSocketClass() });
}

async function followWith(harness, version) {
  harness.client.follow(ORG_A);
  await harness.clock.advance(0);
  const socket = harness.WebSocket.last();
  socket.authenticate();
  if (version !== undefined) socket.push({ type: "subscribed", organizationId: ORG_A, version, recovered: false });
  return socket;
}

test("after a reload the cached document is shown at once and the socket resumes from the last version", async () => {
  const storage = memoryStorage();
  const clock = fakeClock();
  const before = page(storage, { clock });
  const socket = await followWith(before, 7);
  watch(before.client.query(metrics));
  await clock.advance(0);
  before.server.setVersion(ORG_A, "dashboard-metrics", 2);
  socket.push({ type: "cache_invalidation", organizationId: ORG_A, version: 8, reason: "manual", dataTypes: ["dashboard-metrics"], significantChanges: [] });
  await clock.advance(0);
  before.client.close();

  await clock.advance(60_000);
  const after = page(storage, { clock });
  after.server.setVersion(ORG_A, "dashboard-metrics", 2);
  const shown = watch(after.client.query(metrics));
  assert.equal(shown.states[0].status, "success", "the first state, before any request");
  assert.equal(shown.states[0].data.version, 2);
  assert.equal(after.client.lastVersion(ORG_A), 8);
  const resumed = await followWith(after);
  assert.deepEqual(resumed.subscribes(), [{ type: "subscribe", organizationId: ORG_A, lastVersion: 8 }]);
  await clock.advance(0);
  assert.equal(after.server.documentRequests().length, 0, "still fresh: not fetched again");

  resumed.push({ type: "subscribed", organizationId: ORG_A, version: 9, recovered: true });
  resumed.push({ type: "cache_invalidation", organizationId: ORG_A, version: 9, reason: "nightly_refresh", dataTypes: ["dashboard-metrics"], significantChanges: [] });
  await clock.advance(0);
  const [revalidation] = after.server.documentRequests();
  assert.equal(revalidation.headers["If-None-Match"], `"${ORG_A}-dashboard-metrics-2"`, "the stored ETag, kept across the reload");
  assert.equal(shown.last().isStale, false);
  after.client.close();
});

test("a document invalidated while inactive is still stale after a reload", async () => {
  const storage = memoryStorage();
  const clock = fakeClock();
  const before = page(storage, { clock });
  const socket = await followWith(before, 3);
  await before.client.fetchQuery(cogs);
  socket.push({ type: "cache_invalidation", organizationId: ORG_A, version: 4, reason: "manual", dataTypes: ["cogs-analysis"], significantChanges: [] });
  before.client.close();

  const after = page(storage, { clock });
  const shown = watch(after.client.query(cogs));
  assert.equal(shown.states[0].status, "success");
  assert.equal(shown.states[0].isStale, true);
  await clock.advance(0);
  assert.equal(after.server.documentRequests().length, 1);
  after.client.close();
});

test("another identity in the same tab sees nothing of the first one's cache", async () => {
  const storage = memoryStorage();
  const first = page(storage, { subject: "viewer@a" });
  await first.client.fetchQuery(metrics);
  await followWith(first, 5);
  first.client.close();

  const second = page(storage, { subject: "admin@x" });
  const shown = watch(second.client.query(metrics));
  assert.equal(shown.states[0].status, "pending");
  assert.equal(second.client.lastVersion(ORG_A), undefined);
  second.client.close();
});

test("documents over about 200 kB are not stored; smaller ones are", async () => {
  const storage = memoryStorage();
  const server = fakeServer();
  server.payload = (organizationId, dataType) => (dataType === "cogs-analysis" ? { rows: "x".repeat(250_000) } : { value: 1 });
  const p = page(storage, { server });
  await p.client.fetchQuery(cogs);
  await p.client.fetchQuery(metrics);
  const keys = [...storage.items.keys()];
  assert.ok(keys.some((k) => k.includes("dashboard-metrics")));
  assert.ok(!keys.some((k) => k.includes("cogs-analysis")));
  p.client.close();
});

test("when the store is full the oldest documents are dropped to make room", async () => {
  const storage = memoryStorage({ quotaChars: 3_500 });
  const clock = fakeClock();
  const server = fakeServer();
  server.payload = () => ({ rows: "y".repeat(1_000) });
  const p = page(storage, { clock, server });
  for (const dataType of ["dashboard-metrics", "cogs-analysis", "suppliers"]) {
    await p.client.fetchQuery({ organizationId: ORG_A, dataType });
    await clock.advance(1_000);
  }
  const stored = [...storage.items.keys()].filter((k) => k.includes(".q."));
  assert.equal(stored.length, 2);
  assert.ok(!stored.some((k) => k.includes("dashboard-metrics")), "the oldest went");
  assert.ok(stored.some((k) => k.includes("suppliers")), "the newest is kept");
  p.client.close();

  const reloaded = page(storage, { clock });
  assert.equal(watch(reloaded.client.query({ organizationId: ORG_A, dataType: "suppliers" })).states[0].status, "success");
  assert.equal(watch(reloaded.client.query(metrics)).states[0].status, "pending");
  reloaded.client.close();
});

test("a query dropped from memory after its gcTime is dropped from the store too", async () => {
  const storage = memoryStorage();
  const clock = fakeClock();
  const p = page(storage, { clock });
  const alerts = { organizationId: ORG_A, dataType: "price-alerts" };
  const shown = watch(p.client.query(alerts));
  await clock.advance(0);
  shown.stop();
  assert.ok([...storage.items.keys()].some((k) => k.includes("price-alerts")));
  await clock.advance(5 * 60_000);
  assert.ok(![...storage.items.keys()].some((k) => k.includes("price-alerts")));
  p.client.close();
});
