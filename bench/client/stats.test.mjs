import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addTallies,
  loadPath,
  checkRound,
  differences,
  goal,
  median,
  ratio,
  sessionTotals,
  summarize,
} from "./stats.mjs";

describe("median", () => {
  it("takes the middle of an odd count, whatever the order", () => {
    assert.equal(median([9, 1, 5]), 5);
    assert.equal(median([3, 100, 2, 1, 4]), 3);
  });

  it("takes the mean of the two middle values of an even count", () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it("sorts numerically, not as text", () => {
    assert.equal(median([10, 9, 100]), 10);
  });

  it("leaves out values that were not measured", () => {
    assert.equal(median([undefined, 7, NaN, 3]), 5);
    assert.ok(Number.isNaN(median([])));
    assert.ok(Number.isNaN(median([undefined])));
  });
});

describe("ratio and goal", () => {
  it("divides, and refuses a zero or missing denominator", () => {
    assert.equal(ratio(3, 4), 0.75);
    assert.ok(Number.isNaN(ratio(3, 0)));
    assert.ok(Number.isNaN(ratio(undefined, 4)));
  });

  it("meets a goal at the limit and misses it above", () => {
    assert.equal(goal(0.5, 0.5), "met");
    assert.equal(goal(0.51, 0.5), "missed");
    assert.equal(goal(NaN, 0.5), "n/a");
  });
});

const tally = (requests, bytes = 0, notModified = 0) => ({
  requests,
  bytes,
  notModified,
  failed: 0,
  wsFrames: 0,
  wsBytes: 0,
});

function session(variant, round, requestsByPhase, loadMs, viewMs = {}) {
  const [firstLoad, views, reload, refresh, after] = requestsByPhase;
  return {
    variant,
    round,
    phases: {
      firstLoad: tally(firstLoad, firstLoad * 1000, 0),
      views: tally(views, views * 1000, 1),
      reload: tally(reload, reload * 100, reload),
      refresh: tally(refresh, refresh * 1000),
      after: tally(after, after * 1000),
    },
    loadMs,
    viewMs,
  };
}

describe("sessionTotals", () => {
  it("adds every phase's tally", () => {
    const s = session("client", 1, [5, 2, 4, 3, 0], { first: 1, reload: 1 });
    assert.deepEqual(sessionTotals(s), {
      requests: 14,
      bytes: 5000 + 2000 + 400 + 3000,
      notModified: 1 + 4,
      failed: 0,
      wsFrames: 0,
      wsBytes: 0,
    });
  });

  it("counts a phase that did not run as nothing", () => {
    const s = { phases: { firstLoad: tally(3) } };
    assert.equal(sessionTotals(s).requests, 3);
    assert.deepEqual(addTallies([]), tally(0));
  });
});

describe("summarize", () => {
  const sessions = [
    session("client", 1, [6, 3, 5, 4, 0], { first: 300, reload: 50 }, { cogs: 10, products: 30 }),
    session("plain", 1, [4, 8, 4, 0, 6], { first: 250, reload: 200 }, { cogs: 50, products: 90 }),
    session("client", 2, [6, 3, 5, 4, 2], { first: 340, reload: 70 }, { cogs: 0, products: 20 }),
    session("plain", 2, [4, 8, 4, 0, 6], { first: 230, reload: 260 }),
    session("client", 3, [6, 1, 5, 4, 0], { first: 310, reload: 60 }, { cogs: 25, products: 25 }),
    session("plain", 3, [4, 9, 4, 0, 6], { first: 270, reload: 240 }),
  ];
  const summary = summarize(sessions);

  it("takes the medians of each variant's sessions", () => {
    // client totals 18, 20, 16; plain totals 22, 22, 23.
    assert.equal(summary.client.requests, 18);
    assert.equal(summary.plain.requests, 22);
    assert.equal(summary.client.firstLoadMs, 310);
    assert.equal(summary.plain.reloadMs, 240);
    assert.equal(summary.client.requestsByPhase.views, 3);
    assert.equal(summary.client.requestsByPhase.after, 0);
    assert.equal(summary.plain.requestsByPhase.after, 6);
    assert.equal(summary.client.sessions, 3);
  });

  it("sums each session's view changes before taking the median, leaving out sessions without", () => {
    // client sums 40, 20, 50; plain sums 140 (the other two sessions timed no view).
    assert.equal(summary.client.viewsMs, 40);
    assert.equal(summary.plain.viewsMs, 140);
    assert.equal(summary.ratios.viewsMs, 40 / 140);
  });

  it("gives the ratios of the medians and judges them against the goals", () => {
    assert.equal(summary.ratios.requests, 18 / 22);
    assert.equal(summary.ratios.firstLoadMs, 310 / 250);
    assert.equal(summary.ratios.reloadMs, 60 / 240);
    assert.deepEqual(summary.goals, { requests: "missed", firstLoadMs: "missed", reloadMs: "met" });
  });
});

describe("differences", () => {
  it("names the keys whose values differ or exist on one side only", () => {
    assert.deepEqual(differences({ a: 1, b: 2, c: 3 }, { a: 1, b: 5, d: 4 }), ["b", "c", "d"]);
    assert.deepEqual(differences({ a: "1" }, { a: "1" }), []);
  });
});

describe("checkRound", () => {
  const figures = { invoices: "120", "spend-last-30-days": "5000.5" };
  const panels = { cogs: "abc", suppliers: "def" };
  const ok = () => [
    {
      variant: "client",
      round: 1,
      first: { version: 4, figures: { ...figures }, panels: { ...panels } },
      end: { version: 5, figures: { ...figures } },
    },
    {
      variant: "plain",
      round: 1,
      first: { version: 5, figures: { ...figures }, panels: { ...panels } },
      end: { version: 6, figures: { ...figures } },
    },
  ];

  it("finds nothing wrong with two sessions that showed the same data", () => {
    assert.deepEqual(checkRound(ok()), []);
  });

  it("notices a session that did not show the fresh figures", () => {
    const sessions = ok();
    sessions[1].end.version = 5;
    assert.deepEqual(checkRound(sessions), [
      "round 1 plain: still version 5 after the refresh (started on 5)",
    ]);
  });

  it("notices a page that renders a figure differently", () => {
    const sessions = ok();
    sessions[1].first.figures.invoices = "121";
    assert.deepEqual(checkRound(sessions), ["round 1 plain: figures differ at first: invoices"]);
  });

  it("notices a page that starts on another version than the one before ended on", () => {
    const sessions = ok();
    sessions[1].first.version = 4;
    sessions[1].end.version = 5;
    assert.deepEqual(checkRound(sessions), [
      "round 1 plain: started on version 4, round 1 client ended on 5",
    ]);
  });

  it("notices a view whose text differs and a page without figures", () => {
    const sessions = ok();
    sessions[1].first.panels.suppliers = "xyz";
    sessions[0].end.figures = {};
    assert.deepEqual(checkRound(sessions), [
      "round 1 client: no key figures at end",
      "round 1 client: figures differ at end: invoices, spend-last-30-days",
      "round 1 plain: views show other text than round 1 client: suppliers",
    ]);
  });

  it("judges freshness by the version the figures were rendered from where it is known", () => {
    // The plain page's version line stays on its first load's version; its figures do not.
    const sessions = ok();
    sessions[1].first.figuresVersion = 5;
    sessions[1].end.version = 5;
    sessions[1].end.figuresVersion = 6;
    assert.deepEqual(checkRound(sessions), []);
    sessions[1].end.figuresVersion = 5;
    sessions[1].end.version = 6;
    assert.deepEqual(checkRound(sessions), [
      "round 1 plain: still version 5 after the refresh (started on 5)",
    ]);
  });

  it("notices a session that showed no version at all", () => {
    const sessions = ok();
    sessions[0].end.version = undefined;
    assert.deepEqual(checkRound(sessions).slice(0, 1), ["round 1 client: no version shown"]);
  });
});

describe("loadPath", () => {
  it("counts the scripts, when the last arrived and when the first API request started", () => {
    const timeline = [
      { path: "/dashboard/dashboard.css", kind: "link", start: 5, end: 900 },
      { path: "/dashboard/main.js", kind: "script", start: 10, end: 40 },
      { path: "/client/query-cache.js", kind: "script", start: 60, end: 310 },
      { path: "/api/v1/data-types", kind: "fetch", start: 320, end: 350 },
      { path: "/api/v1/organizations/{id}/dashboard-metrics", kind: "fetch", start: 355, end: 400 },
    ];
    assert.deepEqual(loadPath(timeline), { scripts: 2, scriptsDoneMs: 310, firstApiMs: 320 });
  });

  it("has nothing to say about an empty timeline", () => {
    const path = loadPath([]);
    assert.equal(path.scripts, 0);
    assert.ok(Number.isNaN(path.scriptsDoneMs));
    assert.ok(Number.isNaN(path.firstApiMs));
  });
});
