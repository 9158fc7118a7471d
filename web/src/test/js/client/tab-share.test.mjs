import { test } from "node:test";
import assert from "node:assert/strict";
import { setup, watch } from "./harness.mjs";
import { ORG_A, ORG_B, fakeClock, fakeLocks, fakeServer, fakeWebSocketClass, token, waitFor } from "./fakes.mjs";

/** Tabs of one browser: the same lock manager, WebSocket server and clock; each its own HTTP. */
function browser(subject) {
  const locks = fakeLocks();
  const WebSocket = fakeWebSocketClass();
  const clock = fakeClock();
  const tabs = [];
  function openTab() {
    const server = fakeServer();
    const tab = setup({ token: token(subject), share: true, locks, BroadcastChannel, WebSocket, clock, server });
    tab.connections = [];
    tab.client.onConnection((c) => tab.connections.push(c));
    tab.role = () => tab.connections.at(-1)?.role;
    tabs.push(tab);
    return tab;
  }
  const subscribedTo = (socket) => socket.subscribes().map((m) => m.organizationId).sort();
  return { locks, WebSocket, clock, openTab, subscribedTo, closeAll: () => tabs.forEach((t) => t.client.close()) };
}

const invalidation = (organizationId, version, dataTypes) => ({
  type: "cache_invalidation",
  organizationId,
  version,
  reason: "manual",
  dataTypes,
  sourceChanged: false,
  significantChanges: [],
});

test("tabs of one identity share one socket: the leader subscribes the union and relays every message", async () => {
  const b = browser("viewer@tabs-relay");
  const leader = b.openTab();
  await waitFor(() => leader.role() === "leader", { message: "the first tab to lead" });
  const follower = b.openTab();
  await waitFor(() => follower.role() === "follower", { message: "the second tab to follow" });

  leader.client.follow(ORG_A);
  follower.client.follow(ORG_B);
  await waitFor(() => b.WebSocket.sockets.length === 1);
  const socket = b.WebSocket.last();
  socket.authenticate();
  await waitFor(() => b.subscribedTo(socket).join() === [ORG_A, ORG_B].sort().join(), { message: "both organizations subscribed" });

  const metrics = watch(follower.client.query({ organizationId: ORG_B, dataType: "dashboard-metrics" }));
  await waitFor(() => metrics.last().status === "success");
  const changes = [];
  follower.client.onChange(ORG_B, (e) => changes.push(e.version));
  follower.server.setVersion(ORG_B, "dashboard-metrics", 2);
  socket.push({ type: "subscribed", organizationId: ORG_B, version: 2, recovered: false });
  socket.push(invalidation(ORG_B, 3, ["dashboard-metrics"]));

  await waitFor(() => metrics.last().data?.version === 2, { message: "the follower to refetch" });
  assert.deepEqual(changes, [3]);
  assert.equal(follower.client.lastVersion(ORG_B), 3);
  assert.equal(leader.client.lastVersion(ORG_B), 3, "the leader tracks what it relays, to resume it later");
  assert.equal(leader.server.documentRequests().length, 0, "data fetching stays in the tab that shows it");
  assert.equal(b.WebSocket.sockets.length, 1);
  await waitFor(() => follower.connections.at(-1).state === "open");
  b.closeAll();
});

test("when the leader closes, the next tab takes the lock, opens the socket and resumes; the others follow it", async () => {
  const b = browser("viewer@tabs-failover");
  const first = b.openTab();
  await waitFor(() => first.role() === "leader");
  const second = b.openTab();
  await waitFor(() => second.role() === "follower");
  const third = b.openTab();
  await waitFor(() => third.role() === "follower");
  first.client.follow(ORG_A);
  second.client.follow(ORG_B);
  third.client.follow(ORG_A);
  await waitFor(() => b.WebSocket.sockets.length === 1);
  const socket = b.WebSocket.last();
  socket.authenticate();
  await waitFor(() => b.subscribedTo(socket).length === 2);
  socket.push({ type: "subscribed", organizationId: ORG_B, version: 6, recovered: false });
  socket.push({ type: "resync", organizationId: ORG_B, version: 6 });
  socket.push(invalidation(ORG_B, 7, ["suppliers"]));
  socket.push({ type: "subscribed", organizationId: ORG_A, version: 2, recovered: false });
  await waitFor(() => second.client.lastVersion(ORG_B) === 7 && third.client.lastVersion(ORG_A) === 2);

  first.client.close();
  await waitFor(() => second.role() === "leader", { message: "the next tab to lead" });
  await waitFor(() => b.WebSocket.sockets.length === 2, { message: "a new socket" });
  const next = b.WebSocket.last();
  next.authenticate();
  await waitFor(() => next.subscribes().length === 2, { message: "the remaining tabs' organizations" });
  const byOrganization = Object.fromEntries(next.subscribes().map((m) => [m.organizationId, m.lastVersion]));
  assert.deepEqual(byOrganization, { [ORG_B]: 7, [ORG_A]: 2 }, "resumed from the versions the new leader handled");
  assert.equal(third.role(), "follower");
  next.push(invalidation(ORG_A, 3, ["dashboard-metrics"]));
  await waitFor(() => third.client.lastVersion(ORG_A) === 3, { message: "the new leader to relay" });
  b.closeAll();
});

test("a tab joining late gets the leader's versions and latest refresh status at once", async () => {
  const b = browser("viewer@tabs-late");
  const leader = b.openTab();
  await waitFor(() => leader.role() === "leader");
  leader.client.follow(ORG_A);
  await waitFor(() => b.WebSocket.sockets.length === 1);
  const socket = b.WebSocket.last();
  socket.authenticate();
  socket.push({ type: "subscribed", organizationId: ORG_A, version: 5, recovered: false });
  const status = { type: "refresh_status", organizationId: ORG_A, state: "updating", organizationState: "pending", runId: "run-9", at: "2026-12-01T01:00:02Z" };
  socket.push(status);

  const late = b.openTab();
  const statuses = [];
  late.client.onRefreshStatus(ORG_A, (s) => statuses.push(s));
  late.client.follow(ORG_A);
  await waitFor(() => statuses.length === 1, { message: "the status to reach the late tab" });
  assert.deepEqual(statuses[0], { organizationId: ORG_A, state: "updating", organizationState: "pending", runId: "run-9", at: "2026-12-01T01:00:02Z" });
  assert.equal(late.client.lastVersion(ORG_A), 5);
  await waitFor(() => late.connections.at(-1)?.state === "open", { message: "the leader's connection state" });
  assert.equal(late.role(), "follower");
  assert.equal(b.WebSocket.sockets.length, 1);
  b.closeAll();
});

test("a follower that stops following an organization has the leader unsubscribe it", async () => {
  const b = browser("viewer@tabs-unfollow");
  const leader = b.openTab();
  await waitFor(() => leader.role() === "leader");
  const follower = b.openTab();
  await waitFor(() => follower.role() === "follower");
  const stop = follower.client.follow(ORG_B);
  await waitFor(() => b.WebSocket.sockets.length === 1);
  const socket = b.WebSocket.last();
  socket.authenticate();
  await waitFor(() => b.subscribedTo(socket).includes(ORG_B));
  stop();
  await waitFor(() => socket.sent.some((m) => m.type === "unsubscribe" && m.organizationId === ORG_B), { message: "the unsubscribe" });
  b.closeAll();
});

test("without Web Locks every tab is solo with its own socket", async () => {
  const WebSocket = fakeWebSocketClass();
  const clock = fakeClock();
  const tabs = [1, 2].map(() => setup({ token: token("viewer@solo"), share: true, locks: null, BroadcastChannel, WebSocket, clock }));
  const roles = [];
  tabs.forEach((t) => t.client.onConnection((c) => roles.push(c.role)));
  tabs.forEach((t) => t.client.follow(ORG_A));
  await waitFor(() => WebSocket.sockets.length === 2);
  assert.ok(roles.length > 0 && roles.every((r) => r === "solo"));
  tabs.forEach((t) => t.client.close());
});
