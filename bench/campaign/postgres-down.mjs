// Scenario "PostgreSQL down" (docs/reliability.md): readers of cached keys on every node, one
// WebSocket subscriber per node, a forced run of named organizations under way; then PostgreSQL is
// stopped for --outage seconds. During the outage it counts the cached reads that failed, times a
// few misses on every node (want a 503 problem, never a hang) and reads readiness; after PostgreSQL
// is back, how long until every node is ready again by itself, how the run ended, whether the
// misses answer again, whether every subscriber got every change the change log holds (the
// listener reconnected and caught up), and whether every node answers each followed organization
// at its snapshot's version in every data type (nothing half-written).
//
//   node postgres-down.mjs --nodes URL,URL,URL --tokens tokens.json --db NAME --out result.json
//     --stop "COMMAND" --start "COMMAND" [--outage 30] [--organizations 200] [--stop-after 20]

import { execSync } from "node:child_process";
import { TYPES, args, forceRun, changeVersions, changesSince, get, log, sleep, sql, Subscriber, tokens, writeJson } from "./common.mjs";

const a = args();
const urls = a.nodes.split(",");
const db = a.db;
const outageMs = Number(a.outage ?? 30) * 1000;
const runSize = Number(a.organizations ?? 200);
const stopAfter = Number(a["stop-after"] ?? 20);
const t = tokens(a.tokens);
const admin = t.admin;
const active = t.organizations.filter((o) => o.status === "active").map((o) => o.id);
// The run's organizations; cached keys and misses are of other organizations, so that the run's
// own invalidations do not turn a cached key into a miss.
const inRun = active.slice(0, runSize);
const cachedOrgs = active.slice(runSize, runSize + 5);
const missOrgs = active.slice(-3 * urls.length);
const followed = inRun.slice(-10);
if (cachedOrgs.length < 5 || missOrgs.some((o) => inRun.includes(o) || cachedOrgs.includes(o))) {
  throw new Error(`too few active organizations (${active.length}) for a run of ${runSize}`);
}

const cachedReads = { total: 0, failed: 0, slowestMs: 0, examples: [] };
let reading = true;

async function readLoop(node) {
  while (reading) {
    for (const org of cachedOrgs) {
      const r = await get(`${urls[node]}/api/v1/organizations/${org}/dashboard-metrics`, admin, 5000);
      cachedReads.total++;
      cachedReads.slowestMs = Math.max(cachedReads.slowestMs, r.ms);
      if (r.status !== 200) {
        cachedReads.failed++;
        if (cachedReads.examples.length < 5) cachedReads.examples.push(`${urls[node]} ${org}: ${r.status || r.error}`);
      }
    }
    await sleep(50);
  }
}

const ready = async (node) => (await get(`${urls[node]}/health/ready`, admin, 5000)).status === 200;

const runRow = (id) => {
  const [row] = sql(db, `SELECT status, organizations_done, organizations_total FROM refresh_runs WHERE id = '${id}'`);
  return { status: row[0], done: Number(row[1]), total: Number(row[2]) };
};

async function main() {
  // Warm the cached keys on every node (a miss computes them; the next read is a hit).
  for (let node = 0; node < urls.length; node++) {
    for (const org of cachedOrgs) {
      const r = await get(`${urls[node]}/api/v1/organizations/${org}/dashboard-metrics`, admin, 30000);
      if (r.status !== 200) throw new Error(`warming ${org} on ${urls[node]} answered ${r.status || r.error}`);
    }
  }
  const baseline = changeVersions(db, followed);
  const subscribers = urls.map((_, node) => new Subscriber({ id: `${node}`, urls, first: node, token: admin, organizations: Object.fromEntries(baseline) }));
  await Promise.all(subscribers.map((s) => s.start()));
  const loops = urls.map((_, node) => readLoop(node));

  const runId = await forceRun(urls[0], admin, inRun);
  log(`started a forced run of ${inRun.length} organizations: ${runId}`);
  let row = runRow(runId);
  while (row.status === "pending" || (row.status === "running" && row.done < stopAfter)) {
    await sleep(200);
    row = runRow(runId);
  }
  if (row.status !== "running") throw new Error(`the run ended (${row.status}) before the outage; raise its size`);

  execSync(a.stop, { stdio: "ignore" });
  const stoppedAt = Date.now();
  log(`stopped PostgreSQL with the run at ${row.done} of ${row.total} organizations`);
  const misses = [];
  const readiness = urls.map(() => []);
  let round = 0;
  while (Date.now() - stoppedAt < outageMs) {
    for (let node = 0; node < urls.length; node++) {
      const org = missOrgs[(round * urls.length + node) % missOrgs.length];
      const type = TYPES[(round + node) % TYPES.length];
      const r = await get(`${urls[node]}/api/v1/organizations/${org}/${type}`, admin, 60000);
      let problem = false;
      try {
        problem = r.status >= 400 && JSON.parse(r.body).status === r.status;
      } catch {
        problem = false;
      }
      misses.push({ node, status: r.status || r.error, ms: Math.round(r.ms), problem });
      readiness[node].push(await ready(node));
    }
    round++;
    await sleep(1000);
  }
  execSync(a.start, { stdio: "ignore" });
  const startedAgainAt = Date.now();
  log(`started PostgreSQL again after ${((startedAgainAt - stoppedAt) / 1000).toFixed(1)} s`);

  const readyAfter = [];
  for (let node = 0; node < urls.length; node++) {
    while (!(await ready(node)) && Date.now() - startedAgainAt < 180000) await sleep(500);
    readyAfter.push((await ready(node)) ? (Date.now() - startedAgainAt) / 1000 : null);
  }
  log(`ready again after ${readyAfter.map((s) => (s === null ? "never" : `${s.toFixed(1)} s`)).join(", ")}`);

  const runDeadline = Date.now() + 600000;
  row = runRow(runId);
  while ((row.status === "running" || row.status === "pending") && Date.now() < runDeadline) {
    await sleep(1000);
    row = runRow(runId);
  }
  const endedAt = Date.now();
  const outcomes = sql(db, `SELECT outcome, count(*) FROM refresh_outcomes WHERE run_id = '${runId}' GROUP BY outcome`);
  const byOutcome = Object.fromEntries(outcomes.map(([o, n]) => [o, Number(n)]));
  log(`the run ended: ${row.status}, outcomes ${JSON.stringify(byOutcome)}`);

  const missesAfter = [];
  for (let node = 0; node < urls.length; node++) {
    const r = await get(`${urls[node]}/api/v1/organizations/${missOrgs[node]}/cogs-analysis`, admin, 60000);
    missesAfter.push(r.status || r.error);
  }

  const expected = changesSince(db, baseline);
  const waitUntil = Date.now() + 30000;
  while (Date.now() < waitUntil && !subscribers.every((s) => s.hasAll(expected))) await sleep(500);
  reading = false;
  await Promise.all(loops);
  const events = subscribers.map((s) => s.compare(expected));
  for (const s of subscribers) s.stop();

  // Every node answers each followed organization at its snapshot's version in every type.
  let halfWritten = 0;
  for (const org of followed) {
    const [[snapshot]] = sql(db, `SELECT version FROM analytics_snapshots WHERE organization_id = '${org}'`);
    for (let node = 0; node < urls.length; node++) {
      for (const type of TYPES) {
        const r = await get(`${urls[node]}/api/v1/organizations/${org}/${type}`, admin, 30000);
        if (r.status !== 200 || JSON.parse(r.body).version !== Number(snapshot)) halfWritten++;
      }
    }
  }

  const missMs = misses.map((m) => m.ms);
  const result = {
    runId,
    organizations: inRun.length,
    outageSeconds: (startedAgainAt - stoppedAt) / 1000,
    cachedReads: cachedReads.total,
    cachedReadsFailed: cachedReads.failed,
    cachedReadSlowestMs: Math.round(cachedReads.slowestMs),
    misses: misses.length,
    misses503Problem: misses.filter((m) => m.status === 503 && m.problem).length,
    missOtherAnswers: [...new Set(misses.filter((m) => !(m.status === 503 && m.problem)).map((m) => String(m.status)))],
    missSlowestMs: Math.max(...missMs),
    readinessDownDuringOutage: readiness.map((r) => r.filter((up) => !up).length),
    readinessProbesDuringOutage: readiness.map((r) => r.length),
    readyAgainSeconds: readyAfter,
    runStatus: row.status,
    runEndedSecondsAfterRestart: (endedAt - startedAgainAt) / 1000,
    outcomes: Object.values(byOutcome).reduce((n, c) => n + c, 0),
    byOutcome,
    missesAfter,
    subscribers: subscribers.length,
    expectedEventsPerSubscriber: [...expected.values()].reduce((n, v) => n + v.length, 0),
    eventsMissing: events.reduce((n, e) => n + e.missing, 0),
    eventsDuplicated: events.reduce((n, e) => n + e.duplicates, 0),
    resyncs: events.reduce((n, e) => n + e.resyncs, 0),
    reconnects: events.reduce((n, e) => n + e.reconnects, 0),
    halfWritten,
    examples: cachedReads.examples,
  };
  writeJson(a.out, result);
  log(`cached reads: ${result.cachedReads}, ${result.cachedReadsFailed} failed; misses: ${result.misses503Problem} of ${result.misses} a 503 problem, slowest ${result.missSlowestMs} ms; events: ${result.eventsMissing} missing of ${result.expectedEventsPerSubscriber} each; ${halfWritten} answers off their snapshot`);
  process.exit(0);
}

main().catch((error) => {
  log(`failed: ${error.message}`);
  reading = false;
  try {
    execSync(a.start, { stdio: "ignore" });
  } catch {
    // PostgreSQL was not stopped, or is up already
  }
  writeJson(a.out, { error: error.message });
  process.exit(1);
});
