// Scenario "kill mid-refresh" (docs/reliability.md): a checker reads every nightly data type of a
// few organizations on every node in a loop and checks each round shares one version; WebSocket
// subscribers (a few per node) follow some organizations; a forced run starts; once it has
// committed --kill-after organizations, the node that runs it (its lease owner's PID) is killed
// with SIGKILL. It measures the takeover (lease moved, first organization committed by the new
// owner), waits for the run to end and compares what each subscriber got with the change log.
//
//   node kill-mid-refresh.mjs --nodes URL,URL,URL --pids PID,PID,PID --tokens tokens.json
//     --db NAME --out result.json [--organizations N] [--kill-after N] [--timeout S]
//     [--subscribers-per-node 3] [--followed 20] [--checked 3]

import { TYPES, args, forceRun, changeVersions, changesSince, classifyRound, get, log, sleep, sql, Subscriber, tokens, writeJson } from "./common.mjs";

const a = args();
const urls = a.nodes.split(",");
const pids = a.pids.split(",").map(Number);
const db = a.db;
const timeoutMs = Number(a.timeout ?? 600) * 1000;
const killAfter = Number(a["kill-after"] ?? 50);
const perNode = Number(a["subscribers-per-node"] ?? 3);
const followedCount = Number(a.followed ?? 20);
const checkedCount = Number(a.checked ?? 3);
const t = tokens(a.tokens);
const admin = t.admin;
const active = t.organizations.filter((o) => o.status === "active").map((o) => o.id);
// A run of named organizations (--organizations N: the first N active ones) or a full run.
const runOrganizations = a.organizations ? active.slice(0, Number(a.organizations)) : null;
const inRun = runOrganizations ?? active;
const spread = (list, n) => Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor((i * list.length) / n)]);
const checked = spread(inRun, checkedCount);
const deadline = Date.now() + timeoutMs;
const alive = urls.map(() => true);

// --- the checker -------------------------------------------------------------------------------
const checker = { rounds: 0, roundsAcrossACommit: 0, mixed: 0, regressions: 0, versionChanges: 0, errors: 0, errorsOnDeadNode: 0, reads: 0, examples: [] };
const lastSeen = new Map(); // node|org|type → version
let checking = true;

async function checkRound(node) {
  for (const org of checked) {
    const versions = [];
    for (const type of TYPES) {
      const r = await get(`${urls[node]}/api/v1/organizations/${org}/${type}`, admin, 5000);
      checker.reads++;
      if (r.status !== 200) {
        if (alive[node]) checker.errors++;
        else checker.errorsOnDeadNode++;
        if (alive[node] && checker.examples.length < 5) checker.examples.push(`${urls[node]} ${type}: ${r.status || r.error}`);
        return;
      }
      const version = JSON.parse(r.body).version;
      const key = `${node}|${org}|${type}`;
      if (lastSeen.has(key) && version < lastSeen.get(key)) checker.regressions++;
      if (lastSeen.has(key) && version > lastSeen.get(key)) checker.versionChanges++;
      lastSeen.set(key, version);
      versions.push(version);
    }
    checker.rounds++;
    const kind = classifyRound(versions);
    if (kind === "mixed") {
      checker.mixed++;
      if (checker.examples.length < 5) checker.examples.push(`mixed on ${urls[node]} ${org}: ${versions.join(",")}`);
    } else if (kind === "across") checker.roundsAcrossACommit++;
  }
}

async function checkLoop(node) {
  while (checking) {
    if (!alive[node]) {
      await sleep(500);
      continue;
    }
    await checkRound(node);
  }
}

// --- the run -----------------------------------------------------------------------------------
const runRow = (id) => {
  const [row] = sql(db, `SELECT status, coalesce(lease_owner, ''), organizations_done, organizations_total, fencing_token FROM refresh_runs WHERE id = '${id}'`);
  return { status: row[0], owner: row[1], done: Number(row[2]), total: Number(row[3]), fencing: Number(row[4]) };
};
const ownerPid = (owner) => Number(owner.split("@")[0]);

async function main() {
  const followed = [...new Set([...checked, ...spread(inRun, followedCount)])];
  const baseline = changeVersions(db, followed);
  const subscribers = [];
  for (let node = 0; node < urls.length; node++) {
    for (let k = 0; k < perNode; k++) {
      subscribers.push(new Subscriber({ id: `${node}.${k}`, urls, first: node, token: admin, organizations: Object.fromEntries(baseline) }));
    }
  }
  await Promise.all(subscribers.map((s) => s.start()));
  log(`${subscribers.length} subscribers (${perNode} per node) follow ${followed.length} organizations; the checker reads ${TYPES.length} types of ${checked.length} organizations on ${urls.length} nodes`);

  const loops = urls.map((_, node) => checkLoop(node));
  await sleep(3000);

  const runId = await forceRun(urls[0], admin, runOrganizations);
  const startedAt = Date.now();
  log(`started a forced run of ${inRun.length} organizations: ${runId}`);

  let row = runRow(runId);
  while (row.status === "pending" || (row.status === "running" && row.done < killAfter)) {
    if (Date.now() > deadline) throw new Error("the run did not reach the kill point in time");
    await sleep(200);
    row = runRow(runId);
  }
  if (row.status !== "running") throw new Error(`the run ended (${row.status}) before the kill point; raise its size`);
  const killedOwner = row.owner;
  const killedNode = pids.indexOf(ownerPid(killedOwner));
  if (killedNode < 0) throw new Error(`the run's owner ${killedOwner} is none of the nodes ${pids}`);
  process.kill(pids[killedNode], "SIGKILL");
  alive[killedNode] = false;
  const killedAt = Date.now();
  const killedAtIso = new Date(killedAt).toISOString();
  log(`killed node ${killedNode} (pid ${pids[killedNode]}, owner ${killedOwner}) with SIGKILL at ${row.done} of ${row.total} organizations`);

  let takeoverAt = null;
  let newOwner = null;
  while (row.status === "running" || row.status === "pending") {
    if (Date.now() > deadline) break;
    await sleep(250);
    row = runRow(runId);
    if (!takeoverAt && row.owner && row.owner !== killedOwner) {
      takeoverAt = Date.now();
      newOwner = row.owner;
      log(`node ${pids.indexOf(ownerPid(newOwner))} took the run over after ${((takeoverAt - killedAt) / 1000).toFixed(1)} s (fencing token ${row.fencing})`);
    }
  }
  const endedAt = Date.now();
  log(`the run ended: ${row.status}, ${row.done} of ${row.total} organizations, ${((endedAt - startedAt) / 1000).toFixed(1)} s after its start`);
  // The first organization the new owner committed: one started after the kill.
  const [[firstCommit]] = sql(db, `SELECT coalesce(extract(epoch FROM min(ended_at)) * 1000, 0) FROM refresh_outcomes WHERE run_id = '${runId}' AND started_at > '${killedAtIso}'`);
  const [[outcomes, refreshed]] = sql(db, `SELECT count(*), count(*) FILTER (WHERE outcome = 'refreshed') FROM refresh_outcomes WHERE run_id = '${runId}'`);

  // Every subscriber gets what the change log holds for its organizations (push.poll-interval).
  const expected = changesSince(db, baseline);
  const waitUntil = Date.now() + 30000;
  while (Date.now() < waitUntil && !subscribers.every((s) => s.hasAll(expected))) await sleep(500);
  checking = false;
  await Promise.all(loops);

  // Afterwards every living node answers each checked organization at the snapshot's version.
  let stale = 0;
  for (const org of checked) {
    const [[snapshot]] = sql(db, `SELECT version FROM analytics_snapshots WHERE organization_id = '${org}'`);
    for (let node = 0; node < urls.length; node++) {
      if (!alive[node]) continue;
      for (const type of TYPES) {
        const r = await get(`${urls[node]}/api/v1/organizations/${org}/${type}`, admin, 5000);
        if (r.status !== 200 || JSON.parse(r.body).version !== Number(snapshot)) stale++;
      }
    }
  }

  const events = subscribers.map((s) => ({ id: s.id, ...s.compare(expected) }));
  const expectedEvents = [...expected.values()].reduce((n, v) => n + v.length, 0);
  for (const s of subscribers) s.stop();
  const result = {
    runId,
    organizations: inRun.length,
    status: row.status,
    organizationsDone: row.done,
    outcomes: Number(outcomes),
    refreshed: Number(refreshed),
    killedNode,
    killedAtOrganization: Number(killAfter),
    runSeconds: (endedAt - startedAt) / 1000,
    takeoverSeconds: takeoverAt ? (takeoverAt - killedAt) / 1000 : null,
    firstCommitAfterKillSeconds: Number(firstCommit) > 0 ? (Number(firstCommit) - killedAt) / 1000 : null,
    checker: { ...checker, staleAfterRun: stale },
    subscribers: subscribers.length,
    followed: followed.length,
    expectedEventsPerSubscriber: expectedEvents,
    eventsMissing: events.reduce((n, e) => n + e.missing, 0),
    eventsDuplicated: events.reduce((n, e) => n + e.duplicates, 0),
    resyncs: events.reduce((n, e) => n + e.resyncs, 0),
    reconnects: events.reduce((n, e) => n + e.reconnects, 0),
  };
  writeJson(a.out, result);
  log(`checker: ${checker.rounds} rounds (${checker.reads} reads), ${checker.mixed} mixed, ${checker.regressions} versions going back, ${checker.roundsAcrossACommit} across a commit, ${checker.versionChanges} new versions seen, ${checker.errors} errors on living nodes, ${stale} stale answers after the run`);
  log(`subscribers: ${expectedEvents} events each expected, ${result.eventsMissing} missing, ${result.eventsDuplicated} duplicated, ${result.resyncs} resyncs, ${result.reconnects} reconnects`);
  if (checker.examples.length) log(`examples: ${checker.examples.join("; ")}`);
  process.exit(0);
}

main().catch((error) => {
  log(`failed: ${error.message}`);
  checking = false;
  writeJson(a.out, { error: error.message });
  process.exit(1);
});
