#!/usr/bin/env node
// The push benchmark (docs/benchmarks.md, "Push"): WebSocket clients of /ws/v1/events spread
// over running nodes, one forced refresh, and for every cache_invalidation at every client the
// time from the change (its changedAt) to its receipt; events lost and duplicated; memory per
// 1,000 sessions. bench/run.sh push starts the nodes and calls this; it can also run against
// nodes started by hand:
//
//   node bench/push/push-bench.mjs --nodes http://127.0.0.1:8080,http://127.0.0.1:8081 \
//        --tokens .run/tokens.json [--pids PID_A,PID_B] [--database procurement_cache] \
//        [--clients 1000] [--organizations 50] [--timeout 300] [--settle 30] [--out FILE]
//        [--concurrency 20] [--refresh-node 0] [--command TEXT] [--machine TEXT]
//   node bench/push/push-bench.mjs report FILE.json     the page's Markdown of a result
//
// Client i subscribes to organization i mod O and connects to node floor(i / O) mod N, so every
// organization has clients on every node. Viewer tokens of tokens.json (the admin token where an
// organization has none). Final versions: the change log in PostgreSQL (psql, PG* variables)
// when --database is given, else the nodes' own once they agree. Exit status: 0 when every
// check holds, 3 when a check failed (lost, duplicated, out of order, …), 1 on an error or the
// overall timeout; the result file is written in every case.
//
// Loopback only: the nodes must be on 127.0.0.0/8 or localhost.

import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs, promisify } from "node:util";
import { PushClient, now } from "./client.mjs";
import { sample } from "./memory.mjs";
import { markdown, markdownRow, toTsv } from "./report.mjs";
import {
  allCaughtUp,
  byCommitOrder,
  latencies,
  perSessions,
  serverTimer,
  summarize,
  tally,
} from "./stats.mjs";

const FINAL_VERSIONS_SQL =
  "SELECT organization_id, max(version) FROM change_log GROUP BY organization_id";

const log = (message) =>
  console.error(`${new Date().toISOString().slice(11, 19)} push-bench: ${message}`);

function readOptions(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      nodes: { type: "string", default: "http://127.0.0.1:8080,http://127.0.0.1:8081" },
      tokens: { type: "string", default: ".run/tokens.json" },
      pids: { type: "string", default: "" },
      database: { type: "string", default: "" },
      clients: { type: "string", default: "1000" },
      organizations: { type: "string", default: "50" },
      timeout: { type: "string", default: "300" },
      settle: { type: "string", default: "30" },
      concurrency: { type: "string", default: "20" },
      "refresh-node": { type: "string", default: "0" },
      command: { type: "string", default: "node bench/push/push-bench.mjs" },
      machine: { type: "string", default: "" },
      out: { type: "string", default: "" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const nodes = values.nodes.split(",").map((n) => n.trim().replace(/\/$/, ""));
  for (const node of nodes) {
    const host = new URL(node).hostname;
    if (!(host === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]")) {
      throw new Error(`${node} is not on loopback; this benchmark only loads this machine`);
    }
  }
  const pids = values.pids ? values.pids.split(",").map(Number) : [];
  if (pids.length && pids.length !== nodes.length) throw new Error("--pids: one per node");
  return {
    positionals,
    help: values.help,
    nodes,
    pids,
    tokens: values.tokens,
    database: values.database,
    clients: Number(values.clients),
    organizations: Number(values.organizations),
    timeoutMs: Number(values.timeout) * 1000,
    settleMs: Number(values.settle) * 1000,
    concurrency: Number(values.concurrency),
    refreshNode: Number(values["refresh-node"]),
    command: values.command,
    machine: values.machine,
    out: values.out,
  };
}

/** Runs fn over items with at most `concurrency` at a time. */
async function pool(items, concurrency, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function api(node, token, path, init = {}) {
  const response = await fetch(`${node}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

async function memory(pids) {
  const samples = [];
  for (const pid of pids) samples.push(await sample(pid)); // one full collection at a time
  return samples;
}

async function databaseVersions(database, organizationIds) {
  const { stdout } = await promisify(execFile)(
    "psql",
    ["-X", "-Atq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", FINAL_VERSIONS_SQL],
    { timeout: 30_000 },
  );
  const versions = new Map(organizationIds.map((id) => [id, 0]));
  for (const line of stdout.trim().split("\n").filter(Boolean)) {
    const [id, version] = line.split("\t");
    if (versions.has(id)) versions.set(id, Number(version));
  }
  return versions;
}

const same = (a, b) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/** The nodes' versions once every node gives the same answer twice in a row, 2 s apart. */
async function settledNodeVersions(probes, until) {
  let previous = null;
  while (now() < until) {
    const answers = await Promise.all(probes.map((p) => p.versions(10_000)));
    const agree = answers.every((a) => same(a, answers[0]));
    if (agree && previous && same(previous, answers[0])) return answers[0];
    previous = agree ? answers[0] : null;
    await sleep(2000);
  }
  throw new Error("the nodes' versions did not settle before the deadline");
}

async function measure(o, result, clients, probes) {
  const deadline = now() + o.timeoutMs;
  const tokens = JSON.parse(await readFile(o.tokens, "utf8"));
  const organizations = tokens.organizations.slice(0, o.organizations);
  const organizationIds = organizations.map((org) => org.id);
  const urls = o.nodes.map((n) => `${n.replace(/^http/, "ws")}/ws/v1/events`);
  result.run.organizations = organizations.length;
  result.run.activeOrganizations = organizations.filter((org) => org.status === "active").length;

  log(`probes: one admin client per node, subscribed to all ${organizations.length} organizations`);
  probes.push(
    ...urls.map(
      (url, node) =>
        new PushClient({ id: `probe-${node}`, url, node, token: tokens.admin, organizationIds }),
    ),
  );
  await Promise.all(probes.map((p) => p.start(30_000)));

  const before = await memory(o.pids);
  log(`connecting ${o.clients} clients (${o.concurrency} handshakes at a time) ...`);
  for (let i = 0; i < o.clients; i++) {
    const org = organizations[i % organizations.length];
    const node = Math.floor(i / organizations.length) % urls.length;
    const token = org.viewerToken ?? tokens.admin;
    clients.push(
      new PushClient({ id: i, url: urls[node], node, token, organizationIds: [org.id] }),
    );
  }
  const connectStart = now();
  const failed = [];
  await pool(clients, o.concurrency, (c) =>
    c
      .start(Math.max(1000, Math.min(30_000, deadline - now())))
      .catch((e) => failed.push(e.message)),
  );
  result.sessions.connectSeconds = (now() - connectStart) / 1000;
  result.sessions.failed = failed.length;
  result.sessions.failedSample = failed.slice(0, 5);
  if (now() > deadline) throw new Error("the overall timeout passed while connecting");
  log(
    `${o.clients - failed.length} subscribed in ${result.sessions.connectSeconds.toFixed(1)} s, ${failed.length} failed`,
  );

  const after = await memory(o.pids);
  const sessionsPerNode = urls.map(
    (_, node) => clients.filter((c) => c.node === node && c.open()).length,
  );
  result.memory.nodes = o.pids.map((pid, node) => ({
    pid,
    sessions: sessionsPerNode[node],
    before: before[node],
    after: after[node],
  }));
  const sum = (samples, key) => samples.reduce((s, m) => s + m[key], 0);
  const sessions = sessionsPerNode.reduce((s, n) => s + n, 0);
  const per1000 = (key) =>
    o.pids.length ? perSessions(sum(before, key), sum(after, key), sessions) : NaN;
  result.memory.heapPer1000Sessions = per1000("heapBytes");
  result.memory.rssPer1000Sessions = per1000("rssBytes");

  const refreshNode = o.nodes[o.refreshNode];
  log(`forced refresh on ${refreshNode} ...`);
  const refreshStart = now();
  const started = await api(refreshNode, tokens.admin, "/api/v1/refresh/runs", {
    method: "POST",
    body: JSON.stringify({ force: true }),
  });
  const location = started.headers.get("location");
  if (started.status !== 202 || !location) {
    throw new Error(
      `POST /api/v1/refresh/runs answered ${started.status}: ${JSON.stringify(started.body)}`,
    );
  }
  const runId = location.slice(location.lastIndexOf("/") + 1);
  let report;
  do {
    if (now() > deadline) throw new Error(`run ${runId} still running at the overall timeout`);
    await sleep(500);
    report = (await api(refreshNode, tokens.admin, `/api/v1/refresh/runs/${runId}`)).body;
  } while (report.run.status === "running");
  result.refresh = {
    node: o.refreshNode,
    runId,
    status: report.run.status,
    seconds: (now() - refreshStart) / 1000,
    outcomes: report.run.outcomes,
  };
  log(`run ${runId} ${report.run.status} after ${result.refresh.seconds.toFixed(1)} s`);

  const settleUntil = Math.min(deadline, now() + o.settleMs);
  let finalVersions;
  if (o.database) {
    finalVersions = await databaseVersions(o.database, organizationIds);
    result.finalVersions.source = `the change log in PostgreSQL (database ${o.database})`;
  } else {
    finalVersions = await settledNodeVersions(probes, settleUntil);
    result.finalVersions.source = "the nodes (no --database given)";
  }
  const benchClients = clients.filter((c) => c.subscribedVersion !== undefined);
  while (!allCaughtUp(benchClients, finalVersions) && now() < settleUntil) await sleep(100);
  result.finalVersions.caughtUpAfterRunSeconds =
    (now() - refreshStart) / 1000 - result.refresh.seconds;
  const nodeVersions = await Promise.all(probes.map((p) => p.versions(10_000)));
  result.finalVersions.nodesAgree = nodeVersions.every((v) => same(v, finalVersions));
  result.finalVersions.versions = Object.fromEntries(finalVersions);

  const counts = tally(benchClients, finalVersions);
  result.events = counts;
  const all = latencies(benchClients, finalVersions);
  const timed = all.filter((t) => Number.isFinite(t.latencyMs));
  result.latency.untimed = all.length - timed.length; // events without a readable changedAt
  result.latency.all = summarize(timed.map((t) => t.latencyMs));
  result.latency.byNode = urls.map((_, node) =>
    summarize(timed.filter((t) => t.node === node).map((t) => t.latencyMs)),
  );
  // A profile of the path: per organization in commit order, and the nodes' own timers
  // (change written → applied on the node; → handed to the socket) beside the clients' figure.
  result.latency.byCommitOrder = byCommitOrder(timed);
  result.latency.server = await Promise.all(
    o.nodes.map(async (base) => {
      const text = await (await fetch(`${base}/metrics?scope=application`)).text();
      return {
        node: base,
        notified: serverTimer(
          text,
          "push_change_notify_lag_seconds_total",
          "push_changes_notified_total",
        ),
        applied: serverTimer(text, "push_change_apply_lag_seconds_total", "push_changes_applied_total"),
        sent: serverTimer(text, "push_notification_lag_seconds_total", "push_notifications_total"),
      };
    }),
  );
  result.sessions.resyncs = benchClients.reduce(
    (s, c) => s + c.resyncs.filter((r) => r.receivedAt >= refreshStart).length,
    0,
  );
  result.sessions.initialResyncs =
    benchClients.reduce((s, c) => s + c.resyncs.length, 0) - result.sessions.resyncs;
  const closedEarly = clients.filter((c) => c.closed);
  result.sessions.closedEarly = closedEarly.length;
  result.sessions.closedSample = closedEarly
    .slice(0, 5)
    .map((c) => ({ client: c.id, ...c.closed }));
  result.sessions.refreshStatusMessages = benchClients.reduce((s, c) => s + c.refreshStatuses, 0);
  result.sessions.clientErrors = clients.filter((c) => c.error).length;
}

function checksHold(r) {
  const e = r.events;
  const s = r.sessions;
  return (
    e.lost === 0 &&
    e.duplicated === 0 &&
    e.outOfOrder === 0 &&
    e.unexpected === 0 &&
    e.foreign === 0 &&
    s.failed === 0 &&
    s.resyncs === 0 &&
    s.closedEarly === 0 &&
    r.finalVersions.nodesAgree
  );
}

async function main() {
  const o = readOptions(process.argv.slice(2));
  if (o.help) {
    const text = await readFile(new URL(import.meta.url), "utf8");
    console.log(
      text
        .split("\n")
        .slice(1)
        .filter((l) => l.startsWith("//"))
        .map((l) => l.slice(3))
        .join("\n"),
    );
    return 0;
  }
  if (o.positionals[0] === "report") {
    const file = o.positionals[1];
    if (!file) throw new Error("usage: push-bench.mjs report FILE.json");
    console.log(markdown(JSON.parse(await readFile(file, "utf8")), file));
    return 0;
  }
  const cpus = os.cpus();
  const result = {
    status: "running",
    run: {
      date: new Date().toISOString().slice(0, 10),
      command: o.command,
      nodes: o.nodes,
      clients: o.clients,
      machine:
        o.machine ||
        `${cpus.length} cores (${cpus[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
      loadStart: os.loadavg()[0].toFixed(2),
    },
    sessions: {},
    memory: {},
    refresh: {},
    finalVersions: {},
    events: {},
    latency: {},
  };
  const clients = [];
  const probes = [];
  let status = 1;
  const timeout = sleep(o.timeoutMs + 30_000, null, { ref: false }).then(() => {
    throw new Error(`the overall timeout (${o.timeoutMs / 1000} s) passed`);
  });
  try {
    await Promise.race([measure(o, result, clients, probes), timeout]);
    result.status = checksHold(result) ? "passed" : "failed";
    status = result.status === "passed" ? 0 : 3;
  } catch (error) {
    result.status = "error";
    result.error = error.message;
    log(`stopped: ${error.message}`);
  }
  result.run.loadEnd = os.loadavg()[0].toFixed(2);
  log(`closing ${clients.length + probes.length} sockets ...`);
  await Promise.all([...clients, ...probes].map((c) => c.close()));
  if (o.out) {
    await writeFile(`${o.out}.json`, JSON.stringify(result, null, 2) + "\n");
    await writeFile(`${o.out}.tsv`, toTsv(result));
    log(`result: ${o.out}.json (${o.out}.tsv)`);
  }
  if (result.status !== "error") {
    const e = result.events;
    const l = result.latency.all;
    log(
      `${result.status}: expected ${e.expected}, received ${e.received}, lost ${e.lost}, duplicated ${e.duplicated}, ` +
        `out of order ${e.outOfOrder}; latency p50 ${l.p50?.toFixed(1)} ms, p99 ${l.p99?.toFixed(1)} ms, max ${l.max?.toFixed(1)} ms`,
    );
    if (e.lostSample.length)
      log(`clients that lost events (sample): ${JSON.stringify(e.lostSample)}`);
    console.log(markdownRow(result));
  }
  return status;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    log(error.message);
    process.exit(1);
  },
);
