// Scenario "webhook receiver down, then slow" (docs/reliability.md): forced runs of named
// organizations while the campaign's receiver is up (the baseline), down (connection refused) and
// slow (answers after the nodes' webhook.timeout); then, with the receiver slow, the node that
// ended a run is killed with SIGKILL while its first attempt is under way; then the receiver is up
// again. Run durations against the baseline, every message delivered, the ledger's attempts
// against the requests that reached the receiver.
//
//   node webhook.mjs --nodes URL,URL,URL --pids PID,PID,PID --tokens tokens.json --db NAME
//     --control URL --out result.json [--organizations 30] [--runs 2] [--deliver-within 240]

import { forceRun, args, log, sleep, sql, tokens, writeJson } from "./common.mjs";

const a = args();
const urls = a.nodes.split(",");
const pids = a.pids.split(",").map(Number);
const db = a.db;
const control = a.control;
const size = Number(a.organizations ?? 30);
const runsPerPhase = Number(a.runs ?? 2);
const deliverWithinMs = Number(a["deliver-within"] ?? 240) * 1000;
const t = tokens(a.tokens);
const active = t.organizations.filter((o) => o.status === "active").map((o) => o.id);
const alive = urls.map(() => true);
let slice = 0;

const setMode = async (mode) => {
  const r = await fetch(`${control}/mode/${mode}`, { method: "POST" });
  if (r.status !== 204) throw new Error(`receiver control answered ${r.status}`);
};
const median = (list) => {
  const s = [...list].sort((x, y) => x - y);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2 : null;
};

/** A forced run of the next SIZE organizations on the node, to its end: { runId, node, seconds }. */
async function run(node) {
  const organizationIds = active.slice((slice * size) % active.length, ((slice * size) % active.length) + size);
  slice++;
  const runId = await forceRun(urls[node], t.admin, organizationIds);
  const until = Date.now() + 300000;
  for (;;) {
    const [[status, seconds]] = sql(db, `SELECT status, coalesce(extract(epoch FROM ended_at - started_at), -1) FROM refresh_runs WHERE id = '${runId}'`);
    if (!["pending", "running"].includes(status)) return { runId, node, status, seconds: Number(seconds), organizations: organizationIds.length };
    if (Date.now() > until) throw new Error(`run ${runId} did not end within 300 s`);
    await sleep(100);
  }
}

/** Waits (up to 30 s) until the run's message is delivered. */
async function delivered(runId) {
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    const [[n]] = sql(db, `SELECT count(*) FROM webhook_deliveries WHERE run_id = '${runId}' AND status = 'delivered'`);
    if (Number(n) > 0) return;
    await sleep(200);
  }
  throw new Error(`the message of run ${runId} was not delivered within 30 s while the receiver was up`);
}

async function main() {
  const [[since]] = sql(db, "SELECT now()");
  const runs = [];
  // One run first, not compared: the first runs after a start are the JIT's warm-up.
  runs.push({ phase: "warm-up", ...(await run(0)) });
  await delivered(runs[0].runId);
  for (const mode of ["up", "down", "slow"]) {
    await setMode(mode);
    for (let i = 0; i < runsPerPhase; i++) {
      const r = { phase: mode, ...(await run(i % urls.length)) };
      runs.push(r);
      log(`receiver ${mode}: run ${r.runId} on node ${r.node}: ${r.status} in ${r.seconds.toFixed(2)} s`);
      // While the receiver is up, its message goes out before the next phase begins.
      if (mode === "up") await delivered(r.runId);
    }
  }
  // Receiver slow; the node that ends the run is killed while its first attempt waits for an answer.
  await setMode("slow");
  const last = { phase: "kill", ...(await run(2)) };
  runs.push(last);
  await sleep(500);
  const [[killedClaims]] = sql(db, `SELECT count(*) FROM webhook_deliveries WHERE run_id = '${last.runId}' AND status = 'pending' AND attempts > 0`);
  process.kill(pids[2], "SIGKILL");
  alive[2] = false;
  log(`receiver slow: run ${last.runId} on node 2 ended in ${last.seconds.toFixed(2)} s; node 2 killed with SIGKILL 0.5 s later (${killedClaims} of its message's attempts under way)`);
  await setMode("up");
  const upAt = Date.now();

  const runIds = runs.map((r) => `'${r.runId}'`).join(",");
  let pending = 1;
  while (pending > 0 && Date.now() - upAt < deliverWithinMs) {
    await sleep(1000);
    [[pending]] = sql(db, `SELECT count(*) FROM webhook_deliveries WHERE run_id IN (${runIds}) AND status <> 'delivered'`);
    pending = Number(pending);
  }
  const deliveredAfterSeconds = (Date.now() - upAt) / 1000;
  log(`${pending} messages undelivered ${deliveredAfterSeconds.toFixed(0)} s after the receiver came back`);

  const deliveries = sql(db, `SELECT d.id, d.run_id, d.status, d.attempts, count(a.attempt), coalesce(max(a.attempt), 0),
      count(*) FILTER (WHERE a.status_code BETWEEN 200 AND 299), count(*) FILTER (WHERE a.error IS NOT NULL OR a.status_code NOT BETWEEN 200 AND 299)
    FROM webhook_deliveries d LEFT JOIN webhook_delivery_attempts a ON a.delivery_id = d.id
    WHERE d.run_id IN (${runIds}) GROUP BY d.id, d.run_id, d.status, d.attempts`);
  const [[others]] = sql(db, `SELECT count(*) FROM webhook_deliveries WHERE created_at >= '${since}' AND (run_id IS NULL OR run_id NOT IN (${runIds}))`);
  const received = await (await fetch(`${control}/requests`)).json();
  const perId = new Map();
  for (const r of received) perId.set(r.id, [...(perId.get(r.id) ?? []), r]);

  const ledger = deliveries.map(([id, runId, status, attempts, rows, maxAttempt, ok, failed]) => ({
    id, runId, status, attempts: Number(attempts), rows: Number(rows), maxAttempt: Number(maxAttempt),
    ok: Number(ok), failed: Number(failed), reached: (perId.get(id) ?? []).length,
    answeredUp: (perId.get(id) ?? []).filter((r) => r.mode === "up").length,
  }));
  const upFirstAttempt = ledger.filter((d) => runs.some((r) => r.phase === "up" && r.runId === d.runId) && d.rows === 1 && d.ok === 1).length;
  const byPhase = (phase) => runs.filter((r) => r.phase === phase).map((r) => r.seconds);
  const result = {
    runs,
    medianSeconds: { up: median(byPhase("up")), down: median(byPhase("down")), slow: median(byPhase("slow")) },
    delayDownSeconds: median(byPhase("down")) - median(byPhase("up")),
    delaySlowSeconds: median(byPhase("slow")) - median(byPhase("up")),
    messages: ledger.length,
    runsWithoutOneMessage: runs.filter((r) => ledger.filter((d) => d.runId === r.runId).length !== 1).length,
    undelivered: ledger.filter((d) => d.status !== "delivered").length,
    deliveredAfterReceiverBackSeconds: deliveredAfterSeconds,
    neverReachedReceiverUp: ledger.filter((d) => d.answeredUp === 0).length,
    attemptRows: ledger.reduce((n, d) => n + d.rows, 0),
    failedAttemptRows: ledger.reduce((n, d) => n + d.failed, 0),
    deliveredAttemptRows: ledger.reduce((n, d) => n + d.ok, 0),
    attemptsWithoutRow: ledger.reduce((n, d) => n + (d.attempts - d.rows), 0),
    attemptNumberGaps: ledger.filter((d) => d.maxAttempt !== d.rows).length,
    requestsReceived: received.length,
    upMessagesDeliveredAtFirstAttempt: upFirstAttempt,
    requestsNotCounted: ledger.filter((d) => d.reached > d.attempts).length,
    killedNodeAttemptsUnderWay: Number(killedClaims),
    otherMessagesMeanwhile: Number(others),
    ledger,
  };
  writeJson(a.out, result);
  log(`median run: ${result.medianSeconds.up.toFixed(2)} s receiver up, ${result.medianSeconds.down.toFixed(2)} s down, ${result.medianSeconds.slow.toFixed(2)} s slow`);
  log(`${result.messages} messages for ${runs.length} runs, ${result.undelivered} undelivered; ${result.attemptRows} attempts in the ledger (${result.failedAttemptRows} failed, ${result.deliveredAttemptRows} delivered), ${result.attemptsWithoutRow} claimed without a row (a node killed mid-attempt); the receiver got ${result.requestsReceived} requests`);
}

main().catch((error) => {
  log(`failed: ${error.message}`);
  writeJson(a.out, { error: error.message });
  process.exit(1);
});
