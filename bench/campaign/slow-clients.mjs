// Scenario "slow and many WebSocket clients" (docs/reliability.md): --clients subscribers over
// the nodes, of which --slow (a fraction) never read: each of those subscribes to every active
// organization, reads until every subscription is confirmed, and then stops reading its socket.
// Two forced runs of the same organizations (--organizations of the active ones, all by default):
// the first before the slow clients connect (the baseline), the second after they stopped reading.
// For every change event at every reading client, the time from its changedAt to its receipt; the
// p99 of the second run against the first's; events lost; how long the slow clients' subscriptions
// took (the subscription burst, timed apart from the runs); what the slow clients got once they
// read again (`resync`, then a close 1008 "slow consumer"); the nodes' resident memory.
//
//   node slow-clients.mjs --nodes URL,URL,URL --pids PID,PID,PID --tokens tokens.json --db NAME
//     --out result.json [--clients 1000] [--slow 0.1] [--organizations N]

import { readFileSync } from "node:fs";
import { WebSocket } from "ws";
import { args, forceRun, changeVersions, changesSince, log, sleep, sql, tokens, writeJson } from "./common.mjs";

const a = args();
const urls = a.nodes.split(",");
const pids = a.pids.split(",").map(Number);
const db = a.db;
const clientCount = Number(a.clients ?? 1000);
const slowCount = Math.round(clientCount * Number(a.slow ?? 0.1));
const t = tokens(a.tokens);
const admin = t.admin;
const active = t.organizations.filter((o) => o.status === "active").map((o) => o.id);
const inRun = active.slice(0, Number(a.organizations ?? active.length));
const wsUrl = (node) => urls[node].replace(/^http/, "ws") + "/ws/v1/events";

/** A reading client of one organization: records each event's latency by run. */
class Reader {
  constructor(index) {
    this.node = index % urls.length;
    this.organizationId = inRun[index % inRun.length];
    this.events = []; // { version, latencyMs }
    this.closed = null;
  }

  start() {
    return new Promise((resolve, reject) => {
      const seen = [];
      const timer = setTimeout(
        () => reject(new Error(`a reader of ${this.organizationId} on node ${this.node} was not subscribed within 30 s (received: ${seen.join(", ") || "nothing"})`)),
        30000,
      );
      const socket = new WebSocket(wsUrl(this.node), { perMessageDeflate: false, handshakeTimeout: 10000 });
      this.socket = socket;
      socket.on("open", () => socket.send(JSON.stringify({ type: "auth", token: admin })));
      socket.on("error", () => {});
      socket.on("close", (code, reason) => {
        this.closed ??= code;
        clearTimeout(timer);
        reject(new Error(`a reader of ${this.organizationId} was closed before it was subscribed: ${code} ${reason}`));
      });
      socket.on("message", (data) => {
        const received = Date.now();
        const m = JSON.parse(data.toString());
        seen.push(m.type);
        if (m.type === "authenticated") socket.send(JSON.stringify({ type: "subscribe", organizationId: this.organizationId }));
        else if (m.type === "subscribed") {
          clearTimeout(timer);
          resolve();
        } else if (m.type === "cache_invalidation") {
          this.events.push({ version: m.version, latencyMs: received - Date.parse(m.changedAt) });
        }
      });
    });
  }
}

/**
 * A client that subscribes to every active organization, reads until each is confirmed, and then
 * never reads again.
 */
class NonReader {
  constructor(index) {
    this.node = index % urls.length;
    this.resyncs = 0;
    this.messages = 0;
    this.confirmed = 0;
    this.reading = false;
    this.closed = null;
  }

  start() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`a non-reading client had ${this.confirmed} of ${active.length} subscriptions confirmed after 180 s`)),
        180000,
      );
      const socket = new WebSocket(wsUrl(this.node), { perMessageDeflate: false, handshakeTimeout: 10000 });
      this.socket = socket;
      socket.on("open", () => socket.send(JSON.stringify({ type: "auth", token: admin })));
      socket.on("error", () => {});
      socket.on("close", (code, reason) => {
        this.closed ??= { code, reason: reason.toString() };
        clearTimeout(timer);
        reject(new Error(`a non-reading client was closed while subscribing: ${code} ${reason}`));
      });
      socket.on("message", (data) => {
        this.messages++;
        const m = JSON.parse(data.toString());
        if (m.type === "authenticated") {
          for (const organizationId of active) socket.send(JSON.stringify({ type: "subscribe", organizationId }));
        } else if (m.type === "subscribed" && ++this.confirmed === active.length) {
          socket._socket.pause(); // stops reading: the node's frames pile up in the kernel's buffers
          clearTimeout(timer);
          resolve();
        } else if (m.type === "resync" && this.reading) this.resyncs++;
      });
    });
  }

  readAgain() {
    this.reading = true;
    this.socket._socket.resume();
  }
}

const rssMiB = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
};

async function counter(node, name) {
  const response = await fetch(`${urls[node]}/metrics?scope=application`, { headers: { Authorization: `Bearer ${admin}` } });
  const line = (await response.text()).split("\n").find((l) => l.startsWith(name) && !l.startsWith("#"));
  return line ? Number(line.split(" ").pop()) : 0;
}

async function inBatches(items, size, fn) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** One forced run of inRun; resolves once every reader holds every change of its organization. */
async function forcedRun(readers, label) {
  const baseline = changeVersions(db, inRun);
  const runId = await forceRun(urls[0], admin, inRun);
  const from = readers.map((r) => r.events.length);
  let status = "running";
  while (status === "running" || status === "pending") {
    await sleep(1000);
    [[status]] = sql(db, `SELECT status FROM refresh_runs WHERE id = '${runId}'`);
  }
  const expected = changesSince(db, baseline);
  const has = (r, i) => {
    const want = expected.get(r.organizationId) ?? [];
    const got = new Set(r.events.slice(from[i]).map((e) => e.version));
    return want.filter((v) => !got.has(v)).length;
  };
  const until = Date.now() + 30000;
  while (Date.now() < until && readers.some((r, i) => has(r, i) > 0)) await sleep(500);
  const latencies = readers.flatMap((r, i) => r.events.slice(from[i]).map((e) => e.latencyMs)).sort((x, y) => x - y);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const result = {
    runId,
    status,
    events: latencies.length,
    expected: readers.reduce((n, r) => n + (expected.get(r.organizationId) ?? []).length, 0),
    missing: readers.reduce((n, r, i) => n + has(r, i), 0),
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
    maxMs: latencies[latencies.length - 1],
  };
  log(`${label}: run ${status}, ${result.events} events (${result.missing} missing), p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`);
  return result;
}

async function main() {
  const rssStart = pids.map(rssMiB);
  const readers = Array.from({ length: clientCount - slowCount }, (_, i) => new Reader(i));
  await inBatches(readers, 50, (r) => r.start());
  const rssReaders = pids.map(rssMiB);
  log(`${readers.length} reading clients subscribed over ${urls.length} nodes (RSS ${rssStart.join("/")} → ${rssReaders.join("/")} MiB)`);
  const baseline = await forcedRun(readers, "without non-reading clients");

  const closesBefore = await Promise.all(urls.map((_, n) => counter(n, "push_slow_consumer_closes_total")));
  const slow = Array.from({ length: slowCount }, (_, i) => new NonReader(i));
  const burstStarted = Date.now();
  await inBatches(slow, 20, (s) => s.start());
  const subscriptionBurstSeconds = (Date.now() - burstStarted) / 1000;
  log(`${slow.length} clients subscribed to ${active.length} organizations each in ${subscriptionBurstSeconds} s and stopped reading`);
  const withSlow = await forcedRun(readers, `with ${slow.length} non-reading clients`);
  const rssSlow = pids.map(rssMiB);
  const closesAfter = await Promise.all(urls.map((_, n) => counter(n, "push_slow_consumer_closes_total")));

  for (const s of slow) s.readAgain();
  const until = Date.now() + 30000;
  while (Date.now() < until && slow.some((s) => !s.closed)) await sleep(500);
  const readersStillOpen = readers.filter((r) => r.closed === null).length;
  for (const r of readers) r.socket.terminate();
  for (const s of slow) s.socket.terminate();

  const result = {
    clients: clientCount,
    readers: readers.length,
    nonReaders: slow.length,
    organizationsInRun: inRun.length,
    subscriptionsPerNonReader: active.length,
    subscriptionBurstSeconds,
    baseline,
    withSlow,
    p99Ratio: withSlow.p99Ms / baseline.p99Ms,
    nonReadersClosedSlowConsumer: slow.filter((s) => s.closed?.code === 1008 && /slow/.test(s.closed.reason)).length,
    nonReadersWithResync: slow.filter((s) => s.resyncs > 0).length,
    nonReadersClosedOtherwise: slow.filter((s) => s.closed && !(s.closed.code === 1008 && /slow/.test(s.closed.reason))).map((s) => `${s.closed.code} ${s.closed.reason}`),
    nonReadersOpen: slow.filter((s) => !s.closed).length,
    slowConsumerCloses: closesAfter.reduce((n, c, i) => n + c - closesBefore[i], 0),
    readersStillOpen,
    rssMiB: { start: rssStart, readers: rssReaders, withNonReaders: rssSlow },
  };
  writeJson(a.out, result);
  log(`non-reading clients: ${result.nonReadersClosedSlowConsumer} closed as slow consumers (${result.nonReadersWithResync} got resync first), ${result.nonReadersOpen} still open; readers still open ${readersStillOpen}; p99 ratio ${result.p99Ratio.toFixed(2)}`);
  process.exit(0);
}

main().catch((error) => {
  log(`failed: ${error.message}`);
  writeJson(a.out, { error: error.message });
  process.exit(1);
});
