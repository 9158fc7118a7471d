#!/usr/bin/env node
// A fixed-rate (open-loop) HTTP load: request i is due at start + i ÷ rate whatever the answers
// before it do, and its latency is counted from that intended time to the end of its answer, so a
// stall of the server shows in the latencies instead of slowing the load (no coordinated
// omission). Requests go over a pool of keep-alive connections (undici); a request due while every
// connection is busy waits in the pool's queue, and that wait is part of its latency.
//
//   node bench/load/fixed-rate.mjs --url URL --rate N [--seconds S] [--connections C]
//        [--header "Name: value"]... [--out FILE.json]
//
// Runs for S seconds (default 15), or until SIGTERM / SIGINT when S is 0; then waits up to 10 s
// for the answers still on the way (those that do not come count as unfinished). Prints one line
//   RATE target achieved sent completed errors unfinished p50 p90 p99 max lag_p99 cpu_s wall_s
// (rates per second, times in ms; lag = how late the generator sent a request after its intended
// time: its p99 says whether it kept up; cpu_s = this process's CPU seconds while it ran) and,
// with --out, the same as JSON.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { dueBy, intendedAt, summarize } from "./stats.mjs";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    rate: { type: "string" },
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "64" },
    header: { type: "string", multiple: true, default: [] },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help || !values.url || !values.rate) {
  console.log("usage: fixed-rate.mjs --url URL --rate N [--seconds S] [--connections C] [--header 'Name: value']... [--out FILE.json]");
  process.exit(values.help ? 0 : 2);
}
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (!(rate > 0) || !(seconds >= 0) || !(connections >= 1)) {
  console.error("fixed-rate.mjs: --rate must be > 0, --seconds ≥ 0 (0: until a signal), --connections ≥ 1");
  process.exit(2);
}
const url = new URL(values.url);
const headers = {};
for (const header of values.header) {
  const colon = header.indexOf(":");
  if (colon < 1) {
    console.error(`fixed-rate.mjs: a header is "Name: value", not "${header}"`);
    process.exit(2);
  }
  headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
}
const path = url.pathname + url.search;
const pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });

const latencies = [];
const lags = [];
const statuses = new Map();
let sent = 0;
let completed = 0;
let errors = 0;
let inFlight = 0;
let stopping = false;
const firstError = [];

function send(intended) {
  const now = performance.now();
  lags.push(now - intended);
  sent++;
  inFlight++;
  pool
    .request({ path, method: "GET", headers })
    .then(async ({ statusCode, body }) => {
      await body.dump();
      latencies.push(performance.now() - intended);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      if (statusCode >= 400) errors++;
      completed++;
    })
    .catch((error) => {
      errors++;
      if (firstError.length === 0) firstError.push(String(error?.message ?? error));
    })
    .finally(() => inFlight--);
}

const cpuBefore = process.cpuUsage();
const start = performance.now() + 50;
const end = seconds > 0 ? start + seconds * 1000 : Infinity;

function tick() {
  const now = performance.now();
  const due = Math.min(dueBy(start, rate, Math.min(now, end)), seconds > 0 ? Math.ceil(seconds * rate) : Infinity);
  while (sent < due && !stopping) send(intendedAt(start, rate, sent));
  if (now >= end || stopping) return finish();
  // Wake up about every millisecond (setTimeout's floor): each wake-up sends what fell due.
  setTimeout(tick, Math.max(0, Math.min(1, intendedAt(start, rate, sent) - now)));
}

async function finish() {
  const wall = (Math.min(performance.now(), end) - start) / 1000;
  const drainUntil = performance.now() + 10_000;
  while (inFlight > 0 && performance.now() < drainUntil) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const s = summarize(latencies);
  const l = summarize(lags);
  const result = {
    url: values.url,
    targetRate: rate,
    connections,
    seconds: wall,
    sent,
    completed,
    errors,
    unfinished: inFlight,
    achievedRate: completed / wall,
    sentRate: sent / wall,
    latencyMs: s,
    sendLagMs: l,
    statuses: Object.fromEntries(statuses),
    firstError: firstError[0] ?? null,
    cpuSeconds,
    wallSeconds: (performance.now() - start) / 1000,
  };
  const f = (v, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : "nan");
  console.log(
    `RATE ${f(rate, 1)} ${f(result.achievedRate, 1)} ${sent} ${completed} ${errors} ${inFlight} ` +
      `${f(s.p50)} ${f(s.p90)} ${f(s.p99)} ${f(s.max)} ${f(l.p99)} ${f(cpuSeconds, 2)} ${f(result.wallSeconds, 2)}`,
  );
  if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2) + "\n");
  await pool.destroy();
  process.exit(0);
}

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => { stopping = true; });
setTimeout(tick, 50);
