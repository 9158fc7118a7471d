import { test } from "node:test";
import assert from "node:assert/strict";
import { setup, watch } from "./harness.mjs";
import { ORG_A, token } from "./fakes.mjs";

const metrics = { organizationId: ORG_A, dataType: "dashboard-metrics" };

test("server errors are retried three times, after 1 s, 2 s and 4 s, then surface as the problem", async () => {
  const { client, clock, server } = setup();
  await client.ready;
  server.failNext(503, 503, 503, 503);
  let outcome = null;
  client.fetchQuery(metrics).then(
    () => (outcome = "resolved"),
    (error) => (outcome = error),
  );
  await clock.advance(0);
  assert.equal(server.documentRequests().length, 1);
  await clock.advance(999);
  assert.equal(server.documentRequests().length, 1);
  await clock.advance(1);
  assert.equal(server.documentRequests().length, 2);
  await clock.advance(2000);
  assert.equal(server.documentRequests().length, 3);
  await clock.advance(4000);
  assert.equal(server.documentRequests().length, 4);
  await clock.advance(60_000);
  assert.equal(server.documentRequests().length, 4, "no fifth attempt");
  assert.deepEqual({ status: outcome.status, title: outcome.title, detail: outcome.detail }, { status: 503, title: "Status 503", detail: "scripted 503" });
  client.close();
});

test("a 403 is not retried and reaches the subscriber as {status, title, detail}", async () => {
  const { client, clock, server } = setup();
  await client.ready;
  server.failNext(403);
  const q = watch(client.query(metrics));
  await clock.advance(30_000);
  assert.equal(server.documentRequests().length, 1);
  assert.equal(q.last().status, "error");
  assert.deepEqual(q.last().error.toJSON(), { status: 403, title: "Status 403", detail: "scripted 403" });
  client.close();
});

test("network errors, 408 and 429 are retried; the later success is the answer", async () => {
  const { client, clock, server } = setup();
  await client.ready;
  server.failNext("network", 408, 429);
  const q = watch(client.query(metrics));
  await clock.advance(1000 + 2000 + 4000);
  assert.equal(server.documentRequests().length, 4);
  assert.equal(q.last().status, "success");
  assert.equal(q.last().error, null);
  client.close();
});

test("the retry count and delays are options", async () => {
  const { client, clock, server } = setup({ retry: 1, retryDelay: () => 50 });
  await client.ready;
  server.failNext(500, 500);
  const q = watch(client.query(metrics));
  await clock.advance(49);
  assert.equal(server.documentRequests().length, 1);
  await clock.advance(1);
  assert.equal(server.documentRequests().length, 2);
  await clock.advance(10_000);
  assert.equal(server.documentRequests().length, 2);
  assert.equal(q.last().error.status, 500);
  client.close();
});

test("every request carries the current token from the token function", async () => {
  let current = token("viewer@a", { n: 1 });
  const { client, clock, server } = setup({ token: () => current });
  await client.fetchQuery({ organizationId: ORG_A, dataType: "price-alerts" });
  current = token("viewer@a", { n: 2 });
  await clock.advance(30_000);
  await client.fetchQuery({ organizationId: ORG_A, dataType: "price-alerts" });
  const [first, second] = server.documentRequests();
  assert.equal(first.headers.Authorization, `Bearer ${token("viewer@a", { n: 1 })}`);
  assert.equal(second.headers.Authorization, `Bearer ${token("viewer@a", { n: 2 })}`);
  client.close();
});

test("ready rejects with the problem when the tiers cannot be loaded; queries still work, always stale", async () => {
  const { client, clock, server } = setup();
  const original = server.fetch;
  const fetch = async (url, init) =>
    new URL(url).pathname === "/api/v1/data-types"
      ? { status: 404, ok: false, statusText: "Not Found", headers: { get: () => null }, json: async () => ({ title: "Not Found", status: 404, detail: "No such resource." }) }
      : original(url, init);
  const broken = setup({ fetch, clock, server });
  client.close();
  await assert.rejects(broken.client.ready, (error) => error.status === 404 && error.detail === "No such resource.");
  assert.deepEqual(broken.client.tier("dashboard-metrics"), { staleTime: 0, gcTime: 300_000, nightly: false });
  await broken.client.fetchQuery(metrics);
  await broken.client.fetchQuery(metrics);
  assert.equal(server.documentRequests().length, 2);
  await clock.advance(0);
  broken.client.close();
});
