import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createPlainSource } from "./plain-source.js";

const ORG = "3f0c1e7a-0000-4000-8000-000000000001";

/** A fetch that answers from `answers` (path → [status, body]) and records every call. */
function recordingFetch(answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const path = url.slice("http://node".length);
    const [status, body] = answers[path] ?? [404, { title: "Not Found", status: 404 }];
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  };
  return { fetch, calls };
}

/** Resolves with the first state of a subscription that is no longer pending. */
function settled(query) {
  return new Promise((resolve) => {
    const stop = query.subscribe((state) => {
      if (state.status !== "pending") {
        queueMicrotask(stop);
        resolve(state);
      }
    });
  });
}

const metrics = { organizationId: ORG, dataType: "dashboard-metrics", version: 3, data: { invoiceCount: 7 } };
const metricsPath = `/api/v1/organizations/${ORG}/dashboard-metrics`;

describe("plain source", () => {
  it("fetches the document again for every subscription, bypassing the HTTP cache", async () => {
    const { fetch, calls } = recordingFetch({ [metricsPath]: [200, metrics] });
    const source = createPlainSource({ token: "t0k", baseUrl: "http://node", fetch });
    const key = { organizationId: ORG, dataType: "dashboard-metrics" };
    const first = await settled(source.query(key));
    const second = await settled(source.query(key));
    assert.equal(calls.length, 2);
    assert.deepEqual(first.data, metrics);
    assert.equal(second.status, "success");
    for (const call of calls) {
      assert.equal(call.init.cache, "no-store");
      assert.equal(call.init.headers.Authorization, "Bearer t0k");
      assert.equal(call.init.headers["If-None-Match"], undefined);
    }
  });

  it("shares one request between subscriptions that start while it is on its way", async () => {
    const { fetch, calls } = recordingFetch({ [metricsPath]: [200, metrics] });
    const source = createPlainSource({ token: "t", baseUrl: "http://node", fetch });
    const key = { organizationId: ORG, dataType: "dashboard-metrics" };
    const [a, b] = await Promise.all([settled(source.query(key)), settled(source.query({ ...key }))]);
    assert.equal(calls.length, 1);
    assert.deepEqual(a.data, metrics);
    assert.deepEqual(b.data, metrics);
    await settled(source.query(key));
    assert.equal(calls.length, 2);
  });

  it("puts page, size and sort into the query string and leaves out the ones not given", async () => {
    const path = `/api/v1/organizations/${ORG}/product-metrics?page=0&sort=totalSpend%2Cdesc`;
    const { fetch, calls } = recordingFetch({ [path]: [200, { data: [] }] });
    const source = createPlainSource({ token: () => "fresh", baseUrl: "http://node", fetch });
    const state = await settled(
      source.query({ organizationId: ORG, dataType: "product-metrics", params: { page: 0, sort: "totalSpend,desc" } }),
    );
    assert.equal(state.status, "success");
    assert.equal(calls[0].url, `http://node${path}`);
    assert.equal(calls[0].init.headers.Authorization, "Bearer fresh");
  });

  it("reports a failure as the problem's status, title and detail", async () => {
    const { fetch } = recordingFetch({
      [metricsPath]: [403, { title: "Forbidden", detail: "not your organization", status: 403 }],
    });
    const source = createPlainSource({ token: "t", baseUrl: "http://node", fetch });
    const state = await settled(source.query({ organizationId: ORG, dataType: "dashboard-metrics" }));
    assert.equal(state.status, "error");
    assert.deepEqual(state.error, { status: 403, title: "Forbidden", detail: "not your organization" });
  });

  it("refetches the active subscriptions of the organization on refetchActive, not the stopped ones", async () => {
    const { fetch, calls } = recordingFetch({ [metricsPath]: [200, metrics] });
    const source = createPlainSource({ token: "t", baseUrl: "http://node", fetch });
    const key = { organizationId: ORG, dataType: "dashboard-metrics" };
    const states = [];
    let answered;
    const first = new Promise((resolve) => (answered = resolve));
    const stopActive = source.query(key).subscribe((s) => {
      states.push(s);
      if (s.status === "success") answered();
    });
    await first;
    await settled(source.query(key)); // a subscription that stops after its answer
    await source.refetchActive({ organizationId: "another" });
    assert.equal(calls.length, 2);
    await source.refetchActive({ organizationId: ORG });
    assert.equal(calls.length, 3);
    // While it refetches, the subscription keeps its data (status success, isFetching true).
    assert.deepEqual(
      states.map((s) => [s.status, s.isFetching]),
      [["pending", true], ["success", false], ["success", true], ["success", false]],
    );
    stopActive();
  });

  it("opens no socket: the push calls do nothing and hand back an unsubscribe", async () => {
    const source = createPlainSource({ token: "t", baseUrl: "http://node", fetch: async () => assert.fail("no fetch") });
    await source.ready;
    for (const call of ["follow", "onRefreshStatus", "onChange", "onConnection"]) {
      const unsubscribe = source[call](ORG, () => assert.fail(`${call} listener called`));
      assert.equal(typeof unsubscribe, "function");
      unsubscribe();
    }
    assert.equal(source.tier("dashboard-metrics").staleTime, 0);
    assert.equal(source.lastVersion(ORG), undefined);
  });
});
