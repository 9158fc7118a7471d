import { test } from "node:test";
import assert from "node:assert/strict";
import { setup, watch } from "./harness.mjs";
import { ORG_A, ORG_B, flush, token } from "./fakes.mjs";

const invalidation = (organizationId, version, dataTypes, extra = {}) => ({
  type: "cache_invalidation",
  organizationId,
  version,
  reason: "nightly_refresh",
  dataTypes,
  sourceChanged: false,
  significantChanges: [],
  ...extra,
});

/** A client following ORG_A over an authenticated socket that has answered subscribed(version). */
async function following(version = 3, overrides = {}) {
  const harness = setup(overrides);
  const connections = [];
  harness.client.onConnection((c) => connections.push(c));
  harness.client.follow(ORG_A);
  await harness.clock.advance(0);
  const socket = harness.WebSocket.last();
  socket.authenticate();
  socket.push({ type: "subscribed", organizationId: ORG_A, version, recovered: false });
  await harness.clock.advance(0);
  return { ...harness, socket, connections };
}

test("the socket authenticates with its first message, then subscribes", async () => {
  const { client, WebSocket, clock } = setup();
  client.follow(ORG_A);
  await clock.advance(0);
  const socket = WebSocket.last();
  assert.equal(socket.url, "ws://node.test/ws/v1/events");
  socket.accept();
  assert.deepEqual(socket.sent, [{ type: "auth", token: token("viewer@a") }]);
  socket.push({ type: "authenticated", subject: "viewer@a", expiresAt: "2026-12-08T00:00:00Z" });
  assert.deepEqual(socket.sent.slice(1), [{ type: "subscribe", organizationId: ORG_A }], "a first subscribe has no lastVersion");
  client.close();
});

test("a cache_invalidation refetches active queries of its types at once and only marks inactive ones", async () => {
  const { client, clock, server, socket } = await following(3);
  const metrics = watch(client.query({ organizationId: ORG_A, dataType: "dashboard-metrics" }));
  const suppliers = watch(client.query({ organizationId: ORG_A, dataType: "suppliers" }));
  const other = watch(client.query({ organizationId: ORG_B, dataType: "dashboard-metrics" }));
  await client.fetchQuery({ organizationId: ORG_A, dataType: "cogs-analysis" });
  await clock.advance(0);
  const before = server.documentRequests().length;
  const seen = [];
  client.onChange(ORG_A, (event) => seen.push({ version: event.version, lastVersion: client.lastVersion(ORG_A), metricsStale: metrics.last().isStale || metrics.last().isFetching }));
  server.setVersion(ORG_A, "dashboard-metrics", 2);

  socket.push(invalidation(ORG_A, 4, ["dashboard-metrics", "cogs-analysis"]));
  assert.deepEqual(seen, [{ version: 4, lastVersion: 4, metricsStale: true }], "listeners run after the invalidation");
  await clock.advance(0);

  assert.deepEqual(server.documentRequests().slice(before).map((r) => r.path), [`/api/v1/organizations/${ORG_A}/dashboard-metrics`]);
  assert.equal(metrics.last().data.version, 2);
  assert.equal(client.query({ organizationId: ORG_A, dataType: "cogs-analysis" }).getState().isStale, true);
  assert.equal(suppliers.last().isStale, false);
  assert.equal(other.last().isStale, false);
  client.close();
});

test("an event at or below the last handled version is ignored", async () => {
  const { client, clock, server, socket } = await following(4);
  watch(client.query({ organizationId: ORG_A, dataType: "dashboard-metrics" }));
  await clock.advance(0);
  const before = server.documentRequests().length;
  const seen = [];
  client.onChange(ORG_A, (e) => seen.push(e.version));
  socket.push(invalidation(ORG_A, 4, ["dashboard-metrics"]));
  socket.push(invalidation(ORG_A, 2, ["dashboard-metrics"]));
  await clock.advance(0);
  assert.deepEqual(seen, []);
  assert.equal(server.documentRequests().length, before);
  assert.equal(client.lastVersion(ORG_A), 4);
  client.close();
});

test("a gap in versions invalidates everything of the organization", async () => {
  const { client, clock, server, socket } = await following(4);
  watch(client.query({ organizationId: ORG_A, dataType: "dashboard-metrics" }));
  watch(client.query({ organizationId: ORG_A, dataType: "suppliers" }));
  watch(client.query({ organizationId: ORG_B, dataType: "suppliers" }));
  await clock.advance(0);
  const before = server.documentRequests().length;
  socket.push(invalidation(ORG_A, 6, ["cogs-analysis"]));
  await clock.advance(0);
  const paths = server.documentRequests().slice(before).map((r) => r.path).sort();
  assert.deepEqual(paths, [`/api/v1/organizations/${ORG_A}/dashboard-metrics`, `/api/v1/organizations/${ORG_A}/suppliers`]);
  assert.equal(client.lastVersion(ORG_A), 6);
  client.close();
});

test("a resync invalidates everything of the organization and moves its version", async () => {
  const { client, clock, server, socket } = await following(4);
  watch(client.query({ organizationId: ORG_A, dataType: "dashboard-metrics" }));
  await client.fetchQuery({ organizationId: ORG_A, dataType: "suppliers" });
  watch(client.query({ organizationId: ORG_B, dataType: "suppliers" }));
  await clock.advance(0);
  const before = server.documentRequests().length;
  socket.push({ type: "resync", organizationId: ORG_A, version: 9 });
  await clock.advance(0);
  assert.deepEqual(server.documentRequests().slice(before).map((r) => r.path), [`/api/v1/organizations/${ORG_A}/dashboard-metrics`]);
  assert.equal(client.query({ organizationId: ORG_A, dataType: "suppliers" }).getState().isStale, true);
  assert.equal(client.query({ organizationId: ORG_B, dataType: "suppliers" }).getState().isStale, false);
  assert.equal(client.lastVersion(ORG_A), 9);
  client.close();
});

test("after a dropped connection it reconnects with backoff and resumes from the last handled version", async () => {
  const { client, clock, socket, WebSocket, connections } = await following(3);
  socket.push(invalidation(ORG_A, 4, ["dashboard-metrics"]));
  socket.drop(1006);
  await clock.advance(999);
  assert.equal(WebSocket.sockets.length, 1);
  await clock.advance(1);
  assert.equal(WebSocket.sockets.length, 2);
  const next = WebSocket.last();
  next.authenticate();
  assert.deepEqual(next.subscribes(), [{ type: "subscribe", organizationId: ORG_A, lastVersion: 4 }]);
  await clock.advance(0);
  assert.deepEqual(
    connections.map((c) => c.state),
    ["connecting", "open", "closed", "connecting", "open"],
  );
  assert.ok(connections.every((c) => c.role === "solo"));
  client.close();
});

test("the reconnect delay doubles up to 30 s and starts again after a good connection", async () => {
  const { client, clock, WebSocket } = await following(3);
  const delays = [];
  for (let i = 0; i < 7; i++) {
    WebSocket.last().drop(1011, "server error");
    const count = WebSocket.sockets.length;
    let waited = 0;
    while (WebSocket.sockets.length === count) {
      await clock.advance(250);
      waited += 250;
    }
    delays.push(waited);
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  WebSocket.last().authenticate();
  WebSocket.last().drop(1001, "server shutting down");
  await clock.advance(1000);
  assert.equal(WebSocket.sockets.length, 9);
  client.close();
});

test("no answer to a heartbeat ping within 10 s closes the socket and reconnects", async () => {
  const { client, clock, socket, WebSocket } = await following(3);
  await clock.advance(25_000);
  assert.deepEqual(socket.sent.at(-1), { type: "ping" });
  socket.push({ type: "pong" });
  await clock.advance(25_000);
  assert.deepEqual(socket.sent.at(-1), { type: "ping" }, "a second ping, the first was answered");
  await clock.advance(9_999);
  assert.equal(socket.closedWith, null);
  await clock.advance(1);
  assert.ok(socket.closedWith, "closed by the client");
  await clock.advance(1000);
  assert.equal(WebSocket.sockets.length, 2);
  WebSocket.last().authenticate();
  assert.deepEqual(WebSocket.last().subscribes(), [{ type: "subscribe", organizationId: ORG_A, lastVersion: 3 }]);
  client.close();
});

test("closed as 'token expired', it reconnects with a fresh token from the token function", async () => {
  let n = 1;
  const { client, clock, socket, WebSocket } = await following(3, { token: () => token("viewer@a", { n }) });
  assert.equal(socket.sent[0].token, token("viewer@a", { n: 1 }));
  n = 2;
  socket.drop(1008, "token expired");
  await clock.advance(1000);
  assert.equal(WebSocket.sockets.length, 2);
  assert.equal(WebSocket.last().authenticate(), token("viewer@a", { n: 2 }));
  client.close();
});

test("other refusals (1008) end the connection and are reported with their reason", async () => {
  const { client, clock, socket, WebSocket, connections } = await following(3);
  socket.drop(1008, "forbidden organization");
  await clock.advance(0);
  assert.deepEqual(connections.at(-1), { state: "closed", code: 1008, reason: "forbidden organization", role: "solo" });
  await clock.advance(120_000);
  assert.equal(WebSocket.sockets.length, 1, "no reconnect");
  client.close();
});

test("online reconnects at once instead of waiting for the backoff, and refetches stale active queries", async () => {
  const { client, clock, WebSocket, events, server } = await following(3);
  const alerts = watch(client.query({ organizationId: ORG_A, dataType: "price-alerts" }));
  await clock.advance(0);
  for (let i = 0; i < 4; i++) {
    WebSocket.last().drop(1006);
    await clock.advance(30_000);
  }
  WebSocket.last().drop(1006); // the next attempt is some 16 s away
  const count = WebSocket.sockets.length;
  const before = server.documentRequests().length;
  events.dispatchEvent(new Event("online"));
  await clock.advance(0);
  assert.equal(WebSocket.sockets.length, count + 1);
  assert.equal(server.documentRequests().length, before + 1, "price-alerts (30 s) had gone stale");
  assert.equal(alerts.last().isStale, false);
  client.close();
});

test("back from sleep: a heartbeat far overdue reconnects at once", async () => {
  const { client, clock, socket, WebSocket } = await following(3);
  await clock.advance(20_000);
  clock.sleep(10 * 60_000); // no timer runs while the machine sleeps
  await clock.advance(0); // on waking, the heartbeat timer fires, ten minutes late
  assert.ok(socket.closedWith, "the old socket is closed");
  assert.equal(WebSocket.sockets.length, 2, "a new one opened without waiting for a backoff");
  client.close();
});

test("a visible tab whose socket looks healthy keeps it and checks it with a ping", async () => {
  const { client, clock, socket, WebSocket, events } = await following(3);
  await clock.advance(20_000);
  const sent = socket.sent.length;
  events.dispatchEvent(new Event("visibilitychange"));
  await clock.advance(0);
  assert.equal(WebSocket.sockets.length, 1);
  assert.equal(socket.closedWith, null);
  assert.deepEqual(socket.sent.slice(sent), [{ type: "ping" }]);
  await clock.advance(10_000);
  assert.ok(socket.closedWith, "no pong: the socket was dead after all");
  client.close();
});

test("a tab becoming visible after the machine slept reconnects at once", async () => {
  const { client, clock, socket, WebSocket, events } = await following(3);
  clock.sleep(5 * 60_000);
  events.dispatchEvent(new Event("visibilitychange"));
  await flush(); // no timer runs: the event alone reconnects
  assert.ok(socket.closedWith);
  assert.equal(WebSocket.sockets.length, 2);
  client.close();
});

test("a hidden tab whose timers run a minute late keeps a socket that answers", async () => {
  const { client, clock, socket, WebSocket } = await following(3);
  for (let i = 0; i < 6; i++) {
    clock.sleep(60_000); // background throttling: the heartbeat fires about a minute late
    await clock.advance(0);
    if (socket.sent.at(-1)?.type === "ping") socket.push({ type: "pong" });
  }
  assert.equal(socket.sent.filter((m) => m.type === "ping").length, 6);
  assert.equal(socket.closedWith, null);
  assert.equal(WebSocket.sockets.length, 1);
  client.close();
});

test("the latest refresh status is given at once to a new listener", async () => {
  const { client, clock, socket } = await following(3);
  const status = { type: "refresh_status", organizationId: ORG_A, state: "updating", organizationState: "pending", runId: "run-1", at: "2026-12-01T01:00:02Z" };
  const early = [];
  client.onRefreshStatus(ORG_A, (s) => early.push(s.state));
  socket.push(status);
  socket.push({ ...status, state: "completed", organizationState: "done", at: "2026-12-01T01:00:09Z" });
  const late = [];
  client.onRefreshStatus(ORG_A, (s) => late.push(s));
  const otherOrganization = [];
  client.onRefreshStatus(ORG_B, (s) => otherOrganization.push(s));
  await clock.advance(0);
  assert.deepEqual(early, ["updating", "completed"]);
  assert.deepEqual(late, [{ organizationId: ORG_A, state: "completed", organizationState: "done", runId: "run-1", at: "2026-12-01T01:00:09Z" }]);
  assert.deepEqual(otherOrganization, []);
  client.close();
});

test("unfollowing the last interest in an organization unsubscribes it", async () => {
  const { client, clock, socket } = await following(3);
  const again = client.follow(ORG_A);
  const stopB = client.follow(ORG_B);
  again();
  assert.equal(socket.sent.filter((m) => m.type === "unsubscribe").length, 0, "ORG_A is still followed once");
  stopB();
  await clock.advance(0);
  assert.deepEqual(socket.sent.filter((m) => m.type !== "ping").slice(-2), [
    { type: "subscribe", organizationId: ORG_B },
    { type: "unsubscribe", organizationId: ORG_B },
  ]);
  client.close();
});
