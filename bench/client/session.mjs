// One scripted user session in a fresh browser context (empty HTTP cache, empty sessionStorage):
//
//   firstLoad  open the dashboard with a viewer token, until the key figures show (and, with the
//              client, its socket has subscribed and sent the refresh status)
//   views      cogs → suppliers → products → price-alerts → overview
//   reload     reload the page, until the key figures show
//   refresh    a forced refresh of the organization (admin, from outside the page); "client"
//              waits for the notice and clicks Refresh Now; "plain" has no notice: it waits
//              until the run has ended and does nothing
//   after      cogs → overview (for "plain" the first requests that can show fresh figures)
//
// Variant "client" is the dashboard as shipped (index.html, its client with cache, ETags,
// persistence and push); "plain" is bench/client/plain.html, the same dashboard over
// plain-source.js, served into the page by page.route so that nothing of it is on the node.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { Traffic } from "./traffic.mjs";

export const VIEWS = ["cogs", "suppliers", "products", "price-alerts", "overview"];
export const AFTER_REFRESH_VIEWS = ["cogs", "overview"];
export const PLAIN_PATH = "/bench-plain/";
const PLAIN_FILES = {
  "plain.html": "text/html; charset=utf-8",
  "plain-source.js": "text/javascript; charset=utf-8",
};

/** The page's URL of a variant, with the token in the fragment as the dashboard expects it. */
export function entryUrl(base, variant, token) {
  const path = variant === "plain" ? `${PLAIN_PATH}plain.html` : "/";
  return `${base}${path}#token=${encodeURIComponent(token)}`;
}

async function servePlainPages(context, base) {
  const files = {};
  for (const name of Object.keys(PLAIN_FILES)) {
    files[name] = await readFile(new URL(`./${name}`, import.meta.url));
  }
  await context.route(`${base}${PLAIN_PATH}**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(PLAIN_PATH.length);
    if (!files[name]) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ status: 200, contentType: PLAIN_FILES[name], body: files[name] });
  });
}

/**
 * The key figures and the version the page shows (#data-version). The version line follows the
 * page's own dashboard-metrics subscription, which a plain source fetches once per page load;
 * the version of the figures themselves is that of the last dashboard-metrics document the page
 * received (figuresVersion, from the traffic).
 */
function snapshot(page) {
  return page.evaluate(() => ({
    version: Number(document.querySelector("#data-version")?.dataset.version),
    figures: Object.fromEntries(
      [...document.querySelectorAll("[data-figure]")].map((e) => [
        e.dataset.figure,
        e.dataset.value ?? e.textContent.trim(),
      ]),
    ),
  }));
}

/**
 * A digest of a view's text, to compare what the two pages render. Hints about the
 * source's caching (".hint", e.g. how old price alerts may get) are left out: they describe the
 * source, not the data, and the plain source has no cache to describe.
 */
async function panelDigest(page, view) {
  const text = await page.locator(`[data-view-panel="${view}"]`).evaluate((panel) => {
    const copy = panel.cloneNode(true);
    copy.querySelectorAll(".hint").forEach((hint) => hint.remove());
    return copy.textContent;
  });
  return createHash("sha256").update(text.replace(/\s+/g, " ").trim()).digest("hex").slice(0, 16);
}

/**
 * The client's socket answers a subscription with its replay (or a resync) and then the refresh
 * status; what the client fetches because of them belongs to the load that opened the socket.
 */
async function socketSettled(variant, traffic, timeoutMs) {
  if (variant === "client") await traffic.message("refresh_status", { timeoutMs });
}

/** Ms from navigation start until the dashboard marked its key figures as shown. */
async function figuresShown(page, timeoutMs) {
  await page.waitForFunction(() => document.documentElement.dataset.figures === "shown", null, {
    timeout: timeoutMs,
  });
  return page.evaluate(() => {
    const marks = performance.getEntriesByName("figures-shown");
    return marks.length ? marks[marks.length - 1].startTime : NaN;
  });
}

/**
 * What the page loaded until now, from the browser's resource timing: each resource's path,
 * kind and start and end (ms from navigation start). Shows what stands before the figures.
 */
function timeline(page) {
  return page.evaluate(() =>
    performance.getEntriesByType("resource").map((e) => ({
      path: new URL(e.name).pathname.replace(/\/organizations\/[^/]+/, "/organizations/{id}") + new URL(e.name).search,
      kind: e.initiatorType,
      start: Math.round(e.startTime),
      end: Math.round(e.responseEnd),
    })),
  );
}

/** Switches views through the navigation; returns ms from each click to the view's last API answer (0: none). */
async function visit(page, traffic, views, panels, timeoutMs) {
  const took = {};
  for (const view of views) {
    const clicked = Date.now();
    await page.locator(`nav [data-view="${view}"]`).first().click();
    await page.locator(`[data-view-panel="${view}"]`).waitFor({ state: "visible", timeout: timeoutMs });
    await traffic.quiet({ timeoutMs });
    took[view] = Math.max(0, traffic.lastAnswerAt - clicked);
    if (panels && !(view in panels)) panels[view] = await panelDigest(page, view);
  }
  return took;
}

async function api(base, token, path, init = {}) {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** Starts a forced refresh of one organization; resolves with the run's id. */
export async function startRefresh(base, admin, organizationId) {
  const started = await api(base, admin, "/api/v1/refresh/runs", {
    method: "POST",
    body: JSON.stringify({ organizationIds: [organizationId], force: true }),
  });
  const location = started.headers.get("location");
  if (started.status !== 202 || !location) {
    throw new Error(`POST /api/v1/refresh/runs answered ${started.status}: ${JSON.stringify(started.body)}`);
  }
  return location.slice(location.lastIndexOf("/") + 1);
}

/** Resolves with the run's report once it is no longer running. */
export async function waitRun(base, admin, runId, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const report = await api(base, admin, `/api/v1/refresh/runs/${runId}`);
    if (report.status === 200 && report.body?.run?.status !== "running") return report.body.run;
    await sleep(250);
  }
  throw new Error(`refresh run ${runId} still running after ${timeoutMs} ms`);
}

/** Fetches each URL once with the viewer's token, so that every session meets a warm server. */
export async function warmServer(urls, token) {
  for (const url of urls) {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
  }
}

/**
 * Runs the session of VARIANT and returns what it measured: per phase the traffic tally, the
 * two load times, the time of each view change, and snapshots of what the page showed.
 */
export async function runSession({ browser, variant, round, base, token, admin, organizationId, timeoutMs = 30_000 }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" });
  const problems = [];
  try {
    if (variant === "plain") await servePlainPages(context, base);
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${new URL(response.url()).pathname}`);
    });
    const traffic = new Traffic(page);
    const loadMs = {};
    const panels = {};

    traffic.enter("firstLoad");
    await page.goto(entryUrl(base, variant, token));
    loadMs.first = await figuresShown(page, timeoutMs);
    await socketSettled(variant, traffic, timeoutMs);
    await traffic.quiet({ timeoutMs });
    const firstLoadTimeline = await timeline(page);
    panels.overview = await panelDigest(page, "overview");
    const first = { ...(await snapshot(page)), figuresVersion: traffic.lastDashboardVersion(), panels };

    traffic.enter("views");
    const viewMs = await visit(page, traffic, VIEWS, panels, timeoutMs);

    traffic.enter("reload");
    await page.reload();
    loadMs.reload = await figuresShown(page, timeoutMs);
    await socketSettled(variant, traffic, timeoutMs);
    await traffic.quiet({ timeoutMs });
    const reloadTimeline = await timeline(page);

    traffic.enter("refresh");
    const refreshStarted = performance.now();
    const runId = await startRefresh(base, admin, organizationId);
    let noticeMs = NaN;
    if (variant === "client") {
      await page.locator("#refresh-notice").waitFor({ state: "visible", timeout: 60_000 });
      noticeMs = performance.now() - refreshStarted;
      await page.locator("#refresh-now").click();
      await page.locator("#refresh-notice").waitFor({ state: "hidden", timeout: timeoutMs });
    }
    const run = await waitRun(base, admin, runId, 60_000);
    await traffic.quiet({ timeoutMs });

    traffic.enter("after");
    const afterMs = await visit(page, traffic, AFTER_REFRESH_VIEWS, null, timeoutMs);
    const end = { ...(await snapshot(page)), figuresVersion: traffic.lastDashboardVersion() };

    return {
      variant,
      round,
      phases: traffic.phases,
      loadMs,
      viewMs,
      afterMs,
      noticeMs,
      refreshRun: { id: runId, status: run.status },
      first,
      end,
      requests: traffic.log,
      messages: traffic.messages,
      timelines: { firstLoad: firstLoadTimeline, reload: reloadTimeline },
      urls: [...traffic.urls],
      problems,
    };
  } finally {
    await context.close();
  }
}
