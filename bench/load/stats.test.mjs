import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dueBy, intendedAt, libraryOf, percentile, profileSummary, summarize } from "./stats.mjs";

describe("the fixed-rate schedule", () => {
  it("spaces the requests by 1000 ÷ rate milliseconds from the start", () => {
    assert.equal(intendedAt(1000, 200, 0), 1000);
    assert.equal(intendedAt(1000, 200, 3), 1015);
  });
  it("counts the requests due so far, the first one at the start", () => {
    assert.equal(dueBy(1000, 200, 999), 0);
    assert.equal(dueBy(1000, 200, 1000), 1);
    assert.equal(dueBy(1000, 200, 1014.9), 3);
    assert.equal(dueBy(1000, 200, 2000), 201);
  });
});

describe("percentile", () => {
  it("takes the value at the nearest rank", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile(Float64Array.of(7), 99), 7);
  });
  it("has no value without samples", () => {
    assert.ok(Number.isNaN(percentile(new Float64Array(0), 50)));
  });
});

describe("summarize", () => {
  it("sorts the latencies numerically, not as text", () => {
    const s = summarize([100, 9, 20, 3]);
    assert.equal(s.count, 4);
    assert.equal(s.p50, 9);
    assert.equal(s.max, 100);
    assert.equal(s.mean, 33);
  });
});

describe("libraryOf", () => {
  it("tells Jersey and Grizzly from the rest of GlassFish", () => {
    assert.equal(libraryOf("org.glassfish.jersey.server.ServerRuntime"), "jersey");
    assert.equal(libraryOf("org.glassfish.grizzly.nio.SelectorRunner"), "grizzly");
    assert.equal(libraryOf("org.glassfish.soteria.SecurityContextImpl"), "payara/glassfish");
    assert.equal(libraryOf("com.procurementcache.cache.control.TieredCache"), "ours");
    assert.equal(libraryOf("java.util.HashMap"), "jdk");
    assert.equal(libraryOf("jakarta.servlet.http.HttpServlet"), "payara/glassfish");
    assert.equal(libraryOf("org.postgresql.Driver"), "other");
  });
});

describe("profileSummary", () => {
  const frame = (className, method) => ({ className, method });
  const samples = [
    [frame("java.util.HashMap", "get"), frame("org.glassfish.jersey.server.Routing", "apply"), frame("java.lang.Thread", "run")],
    [frame("java.util.HashMap", "get"), frame("com.procurementcache.cache.control.TieredCache", "get")],
    [frame("com.hazelcast.cache.impl.CacheProxy", "get"), frame("com.procurementcache.cache.control.TieredCache", "get")],
    [frame("java.lang.Object", "wait"), frame("java.lang.Thread", "run")],
  ];
  const summary = profileSummary(samples);
  const share = (list, name) => list.find((entry) => entry.name === name)?.share;

  it("counts the top frames", () => {
    assert.equal(summary.samples, 4);
    assert.deepEqual(summary.self[0], { name: "java.util.HashMap.get", count: 2, share: 0.5 });
    assert.equal(share(summary.selfByLibrary, "jdk"), 0.75);
  });
  it("attributes a JDK frame to the first caller that is not the JDK's", () => {
    assert.equal(share(summary.attributed, "jersey"), 0.25);
    assert.equal(share(summary.attributed, "ours"), 0.25);
    assert.equal(share(summary.attributed, "hazelcast"), 0.25);
    assert.equal(share(summary.attributed, "jdk"), 0.25);
  });
  it("counts a library once per stack for its inclusive share", () => {
    assert.equal(share(summary.inclusive, "ours"), 0.5);
    assert.equal(share(summary.inclusive, "jdk"), 0.75);
  });
});
