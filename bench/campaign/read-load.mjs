// Scenario "a data-grid member lost" (docs/reliability.md): closed-loop cached reads over the nightly
// data types of many organizations on the surviving nodes, a client timeout on every request, one
// node killed with SIGKILL part way; per second: answers, errors, timeouts, hits (Cache-Status)
// and the slowest answer. The dip, the hit ratio around the kill and the time to recover.
//
//   node read-load.mjs --nodes URL,URL --tokens tokens.json --out result.json --kill-pid PID
//     [--organizations 200] [--connections 16] [--seconds 60] [--kill-at 20] [--timeout-ms 5000]
//     [--warm-seconds 15]

import { TYPES, args, get, log, sleep, tokens, writeJson } from "./common.mjs";

const a = args();
const urls = a.nodes.split(",");
const t = tokens(a.tokens);
const admin = t.admin;
const organizations = t.organizations.filter((o) => o.status === "active").slice(0, Number(a.organizations ?? 200)).map((o) => o.id);
const paths = organizations.flatMap((org) => TYPES.map((type) => `/api/v1/organizations/${org}/${type}`));
const connections = Number(a.connections ?? 16);
const seconds = Number(a.seconds ?? 60);
const killAt = Number(a["kill-at"] ?? 20);
const timeoutMs = Number(a["timeout-ms"] ?? 5000);
const warmSeconds = Number(a["warm-seconds"] ?? 15);

const buckets = Array.from({ length: seconds + 10 }, () => ({ ok: 0, errors: 0, timeouts: 0, hits: 0, maxMs: 0 }));
let started = 0;
let running = true;
let slowest = 0;

async function worker(index) {
  let i = index;
  while (running) {
    const url = urls[i % urls.length] + paths[Math.floor(i / urls.length) % paths.length];
    i += connections;
    const r = await get(url, admin, timeoutMs);
    const bucket = buckets[Math.min(buckets.length - 1, Math.floor((performance.now() - started) / 1000))];
    bucket.maxMs = Math.max(bucket.maxMs, r.ms);
    slowest = Math.max(slowest, r.ms);
    if (r.error === "timeout") bucket.timeouts++;
    else if (r.status === 200) {
      bucket.ok++;
      if (/(^|;)\s*hit/.test(r.cacheStatus)) bucket.hits++;
    } else bucket.errors++;
  }
}

async function main() {
  log(`warming ${paths.length} answers on ${urls.length} nodes ...`);
  for (const url of urls) {
    for (let i = 0; i < paths.length; i += 16) {
      await Promise.all(paths.slice(i, i + 16).map((p) => get(url + p, admin, 30000)));
    }
  }
  // The same load before the measurement, so that the rate before the kill is not the JIT's warm-up.
  started = performance.now();
  const warmers = Array.from({ length: connections }, (_, i) => worker(i));
  await sleep(warmSeconds * 1000);
  running = false;
  await Promise.all(warmers);
  running = true;
  for (const b of buckets) Object.assign(b, { ok: 0, errors: 0, timeouts: 0, hits: 0, maxMs: 0 });
  slowest = 0;
  log(`reading for ${seconds} s over ${connections} connections; the node (pid ${a["kill-pid"]}) is killed at ${killAt} s`);
  started = performance.now();
  const workers = Array.from({ length: connections }, (_, i) => worker(i));
  await sleep(killAt * 1000);
  process.kill(Number(a["kill-pid"]), "SIGKILL");
  log("killed the node with SIGKILL");
  await sleep((seconds - killAt) * 1000);
  running = false;
  await Promise.all(workers);

  const perSecond = buckets.slice(0, seconds);
  const before = perSecond.slice(2, killAt);
  const after = perSecond.slice(killAt);
  const sum = (list, f) => list.reduce((n, b) => n + f(b), 0);
  const baseline = sum(before, (b) => b.ok) / before.length;
  const ratio = (list) => sum(list, (b) => b.hits) / Math.max(1, sum(list, (b) => b.ok));
  // Recovered: the first second after the kill from which three seconds in a row reach 90 % of the
  // rate before it.
  let recoveredAfter = null;
  for (let s = 0; s + 2 < after.length; s++) {
    if ([0, 1, 2].every((k) => after[s + k].ok >= 0.9 * baseline)) {
      recoveredAfter = s;
      break;
    }
  }
  const result = {
    organizations: organizations.length,
    answers: paths.length,
    connections,
    seconds,
    killAt,
    timeoutMs,
    ratePerSecondBefore: Math.round(baseline),
    lowestSecondAfter: Math.min(...after.map((b) => b.ok)),
    ratePerSecondAfterRecovery: recoveredAfter === null ? null : Math.round(sum(after.slice(recoveredAfter), (b) => b.ok) / (after.length - recoveredAfter)),
    recoveredAfterSeconds: recoveredAfter,
    hitRatioBefore: ratio(before),
    hitRatioFirst10sAfter: ratio(after.slice(0, 10)),
    hitRatioRest: ratio(after.slice(10)),
    errors: sum(perSecond, (b) => b.errors),
    timeouts: sum(perSecond, (b) => b.timeouts),
    slowestMs: Math.round(slowest),
    perSecond,
  };
  writeJson(a.out, result);
  log(`before: ${result.ratePerSecondBefore} answers/s, hit ratio ${result.hitRatioBefore.toFixed(3)}; after the kill: lowest second ${result.lowestSecondAfter}, hit ratio ${result.hitRatioFirst10sAfter.toFixed(3)} in the first 10 s, ${result.hitRatioRest.toFixed(3)} later; recovered (3 s at 90 %) after ${recoveredAfter ?? "never"} s`);
  log(`${result.errors} errors, ${result.timeouts} timeouts (client timeout ${timeoutMs} ms), slowest answer ${result.slowestMs} ms`);
}

main().catch((error) => {
  log(`failed: ${error.message}`);
  writeJson(a.out, { error: error.message });
  process.exit(1);
});
