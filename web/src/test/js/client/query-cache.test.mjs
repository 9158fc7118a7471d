import { test } from "node:test";
import assert from "node:assert/strict";
import { setup, watch } from "./harness.mjs";
import { ORG_A, ORG_B, fakeServer } from "./fakes.mjs";

const MINUTE = 60_000;
const metricsOf = (organizationId) => ({ organizationId, dataType: "dashboard-metrics" });

test("two subscribers and a fetchQuery at the same time share one request", async () => {
  const { client, clock, server } = setup();
  const first = watch(client.query(metricsOf(ORG_A)));
  const second = watch(client.query(metricsOf(ORG_A)));
  const fetched = client.fetchQuery(metricsOf(ORG_A));
  await clock.advance(0);

  assert.equal(server.documentRequests().length, 1);
  assert.equal((await fetched).version, 1);
  assert.equal(first.last().status, "success");
  assert.equal(second.last().data.dataType, "dashboard-metrics");
  assert.equal(second.last().isFetching, false);
  client.close();
});

test("the first state comes at once, pending, then fetching, then the document", async () => {
  const { client, clock } = setup();
  const q = watch(client.query({ organizationId: ORG_A, dataType: "suppliers" }));
  // The first state comes during subscribe; with nothing cached the fetch starts right away too.
  assert.ok(q.states.length >= 1);
  assert.deepEqual([q.states[0].status, q.states[0].data], ["pending", undefined]);
  await clock.advance(0);
  assert.ok(q.states.some((s) => s.isFetching));
  assert.equal(q.last().status, "success");
  assert.equal(q.last().updatedAt, clock.now());
  client.close();
});

test("a document is fresh for its tier's freshness and fetched again after it", async () => {
  const { client, clock, server } = setup();
  await client.ready;
  assert.deepEqual(client.tier("suppliers"), { staleTime: 30 * MINUTE, gcTime: 60 * MINUTE, nightly: false });
  const suppliers = { organizationId: ORG_A, dataType: "suppliers" };
  await client.fetchQuery(suppliers);
  await clock.advance(30 * MINUTE - 1);
  await client.fetchQuery(suppliers);
  assert.equal(server.documentRequests().length, 1, "still fresh one millisecond before 30 minutes");
  await clock.advance(1);
  await client.fetchQuery(suppliers);
  assert.equal(server.documentRequests().length, 2);
  client.close();
});

test("a revalidation answered 304 keeps the data and makes it fresh again", async () => {
  const { client, clock, server } = setup();
  const alerts = { organizationId: ORG_A, dataType: "price-alerts", params: { size: 10 } };
  const first = await client.fetchQuery(alerts);
  await clock.advance(30_000);
  const second = await client.fetchQuery(alerts);

  const [, revalidation] = server.documentRequests();
  assert.equal(revalidation.path, `/api/v1/organizations/${ORG_A}/price-alerts?size=10`);
  assert.equal(revalidation.headers["If-None-Match"], `"${ORG_A}-price-alerts-1?size=10"`);
  assert.equal(revalidation.cache, "no-store");
  assert.equal(second, first, "the same document, kept");
  const state = client.query(alerts).getState();
  assert.equal(state.isStale, false);
  assert.equal(state.updatedAt, clock.now());
  await client.fetchQuery(alerts);
  assert.equal(server.documentRequests().length, 2, "fresh after the 304: no third request");
  client.close();
});

test("a nightly document turns stale when its next refresh time passes", async () => {
  const { client, clock, server } = setup();
  server.nextRefreshAt = new Date(clock.now() + 60 * MINUTE).toISOString();
  const q = watch(client.query(metricsOf(ORG_A)));
  await clock.advance(0);
  assert.equal(q.last().isStale, false);
  await clock.advance(60 * MINUTE - 1);
  assert.equal(q.last().isStale, false);
  await clock.advance(1);
  assert.equal(q.last().isStale, true, "subscribers learn it without a refetch");
  assert.equal(server.documentRequests().length, 1);
  await client.fetchQuery(metricsOf(ORG_A));
  assert.equal(server.documentRequests().length, 2);
  q.stop();
  client.close();
});

test("an inactive query is dropped from memory its gcTime after the last subscriber left", async () => {
  const { client, clock, server } = setup();
  const alerts = { organizationId: ORG_A, dataType: "price-alerts" }; // gcTime 5 minutes
  const query = client.query(alerts);
  const a = watch(query);
  const b = watch(query);
  await clock.advance(0);
  a.stop();
  await clock.advance(10 * MINUTE);
  assert.equal(query.getState().status, "success", "one subscriber left: kept");
  b.stop();
  await clock.advance(5 * MINUTE - 1);
  assert.equal(query.getState().status, "success");
  await clock.advance(1);
  assert.equal(query.getState().status, "pending", "gone");
  await client.fetchQuery(alerts);
  const last = server.documentRequests().at(-1);
  assert.equal(last.headers["If-None-Match"], undefined, "nothing left to revalidate");
  client.close();
});

test("a new subscriber within gcTime keeps the query", async () => {
  const { client, clock, server } = setup();
  const query = client.query({ organizationId: ORG_A, dataType: "price-alerts" });
  const first = watch(query);
  await clock.advance(0);
  first.stop();
  await clock.advance(4 * MINUTE);
  const again = watch(query);
  assert.equal(again.states[0].status, "success", "still in memory");
  await clock.advance(10 * MINUTE);
  assert.equal(again.last().status, "success");
  assert.equal(again.last().data.version, 1);
  assert.equal(server.documentRequests().at(-1).headers["If-None-Match"], `"${ORG_A}-price-alerts-1"`, "revalidated, not fetched anew");
  again.stop();
  client.close();
});

test("invalidation refetches active queries at once, marks inactive ones, leaves the rest", async () => {
  const { client, clock, server } = setup();
  const activeMetrics = watch(client.query(metricsOf(ORG_A)));
  const activeSuppliers = watch(client.query({ organizationId: ORG_A, dataType: "suppliers" }));
  const otherOrganization = watch(client.query(metricsOf(ORG_B)));
  await client.fetchQuery({ organizationId: ORG_A, dataType: "cogs-analysis" }); // inactive
  await clock.advance(0);
  const before = server.documentRequests().length;
  server.setVersion(ORG_A, "dashboard-metrics", 2);

  await client.invalidate({ organizationId: ORG_A, dataTypes: ["dashboard-metrics", "cogs-analysis"] });

  const after = server.documentRequests().slice(before);
  assert.deepEqual(after.map((r) => r.path), [`/api/v1/organizations/${ORG_A}/dashboard-metrics`]);
  assert.equal(activeMetrics.last().data.version, 2);
  assert.equal(activeMetrics.last().isStale, false);
  assert.equal(client.query({ organizationId: ORG_A, dataType: "cogs-analysis" }).getState().isStale, true);
  assert.equal(activeSuppliers.last().isStale, false);
  assert.equal(otherOrganization.last().isStale, false);

  await client.fetchQuery({ organizationId: ORG_A, dataType: "cogs-analysis" });
  assert.equal(server.documentRequests().length, before + 2, "the marked query is fetched on its next use");
  client.close();
});

test("an invalidation during a request fetches again once it is answered", async () => {
  const { client, clock, server } = setup();
  await client.ready;
  const release = server.hold();
  const q = watch(client.query(metricsOf(ORG_A)));
  await clock.advance(0);
  server.setVersion(ORG_A, "dashboard-metrics", 2);
  client.invalidate({ organizationId: ORG_A, dataTypes: ["dashboard-metrics"] });
  release();
  await clock.advance(0);
  assert.equal(server.documentRequests().length, 2);
  assert.equal(q.last().data.version, 2);
  assert.equal(q.last().isStale, false);
  client.close();
});

test("refetchActive fetches every active query of the organization", async () => {
  const { client, clock, server } = setup();
  watch(client.query(metricsOf(ORG_A)));
  watch(client.query({ organizationId: ORG_A, dataType: "suppliers" }));
  watch(client.query(metricsOf(ORG_B)));
  await clock.advance(0);
  const before = server.documentRequests().length;
  await client.refetchActive({ organizationId: ORG_A });
  const paths = server.documentRequests().slice(before).map((r) => r.path).sort();
  assert.deepEqual(paths, [`/api/v1/organizations/${ORG_A}/dashboard-metrics`, `/api/v1/organizations/${ORG_A}/suppliers`]);
  client.close();
});

test("queries differing only in parameters are separate; parameter order does not matter", async () => {
  const { client, server } = setup();
  await client.fetchQuery({ organizationId: ORG_A, dataType: "price-alerts", params: { page: 1, size: 20 } });
  await client.fetchQuery({ organizationId: ORG_A, dataType: "price-alerts", params: { size: 20, page: 1 } });
  await client.fetchQuery({ organizationId: ORG_A, dataType: "price-alerts", params: { page: 2, size: 20 } });
  assert.deepEqual(
    server.documentRequests().map((r) => r.path),
    [`/api/v1/organizations/${ORG_A}/price-alerts?page=1&size=20`, `/api/v1/organizations/${ORG_A}/price-alerts?page=2&size=20`],
  );
  client.close();
});

test("a query with nothing cached is fetched at once, without waiting for the tiers", async () => {
  const server = fakeServer();
  let releaseTiers;
  const tiersHeld = new Promise((resolve) => (releaseTiers = resolve));
  const fetch = async (url, init) => {
    if (new URL(url).pathname === "/api/v1/data-types") await tiersHeld;
    return server.fetch(url, init);
  };
  const { client, clock } = setup({ server, fetch });
  const q = watch(client.query(metricsOf(ORG_A)));
  const fetched = client.fetchQuery({ organizationId: ORG_A, dataType: "suppliers" });
  await clock.advance(0);

  assert.equal(q.last().status, "success", "the document arrived while the tiers were still out");
  assert.equal((await fetched).dataType, "suppliers");
  assert.equal(server.documentRequests().length, 2);
  releaseTiers();
  await client.ready;
  await clock.advance(0);
  assert.equal(server.documentRequests().length, 2, "the tiers make neither document stale");
  client.close();
});

test("refetchActive with onlyStale fetches the invalidated active queries, not the fresh ones", async () => {
  const { client, clock, server } = setup();
  await client.ready;
  const failing = watch(client.query(metricsOf(ORG_A)));
  watch(client.query({ organizationId: ORG_A, dataType: "suppliers" }));
  await clock.advance(0);
  server.failNext(403);
  await client.invalidate({ organizationId: ORG_A, dataTypes: ["dashboard-metrics"] });
  assert.equal(failing.last().status, "error");
  const before = server.documentRequests().length;

  await client.refetchActive({ organizationId: ORG_A, onlyStale: true });

  assert.deepEqual(
    server.documentRequests().slice(before).map((r) => r.path),
    [`/api/v1/organizations/${ORG_A}/dashboard-metrics`],
  );
  assert.equal(failing.last().status, "success");
  client.close();
});
