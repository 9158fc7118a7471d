// Helpers of the campaign's Node.js clients: arguments, PostgreSQL through psql, HTTP with a
// client timeout, and WebSocket subscribers of /ws/v1/events that resume on another node.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { WebSocket } from "ws";

/** The nightly data types every organization answers (docs/architecture.md). */
export const TYPES = [
  "dashboard-metrics",
  "product-metrics",
  "cogs-analysis",
  "supplier-metrics",
  "invoice-analytics",
  "price-alerts",
  "efficiency-metrics",
];

/** --name value pairs into an object. */
export function args(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  return out;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function log(line) {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)}   ${line}\n`);
}

/** Rows of a query (psql, unaligned, tab-separated), each an array of strings. */
export function sql(db, query) {
  const out = execFileSync("psql", ["-d", db, "-X", "-Atq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query], {
    encoding: "utf8",
  });
  return out
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => line.split("\t"));
}

export function tokens(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

export function writeJson(file, value) {
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

/**
 * Starts a forced run on the node at url (organizationIds: a run of those, null: a full run) and
 * gives its id; throws unless the node answers 202.
 */
export async function forceRun(url, token, organizationIds) {
  const response = await fetch(`${url}/api/v1/refresh/runs`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(organizationIds ? { force: true, organizationIds } : { force: true }),
  });
  if (response.status !== 202) throw new Error(`POST ${url}/api/v1/refresh/runs answered ${response.status}: ${await response.text()}`);
  return (response.headers.get("location") ?? "").split("/").pop();
}

/** GET with a client timeout; never throws: { status, ms, body, cacheStatus, error }. */
export async function get(url, token, timeoutMs = 5000) {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    return {
      status: response.status,
      ms: performance.now() - started,
      body,
      cacheStatus: response.headers.get("cache-status") ?? "",
    };
  } catch (error) {
    const timeout = error.name === "TimeoutError" || error.name === "AbortError";
    return { status: 0, ms: performance.now() - started, error: timeout ? "timeout" : "refused" };
  }
}

/**
 * A subscriber of a few organizations with the admin token. It resumes with the highest version it
 * handled of each organization; when its socket closes (its node killed), it connects to the next
 * node of the list that answers, after a second, and resumes there.
 */
export class Subscriber {
  constructor({ id, urls, first, token, organizations }) {
    this.id = id;
    this.urls = urls;
    this.node = first;
    this.token = token;
    /** organization id → the highest version handled */
    this.last = new Map(Object.entries(organizations));
    /** organization id → versions received, in order */
    this.received = new Map([...this.last.keys()].map((org) => [org, []]));
    this.resyncs = 0;
    this.reconnects = 0;
    this.stopped = false;
    this.subscribedOnce = null;
  }

  /** Resolves once every organization is subscribed the first time. */
  start() {
    return new Promise((resolve, reject) => {
      this.subscribedOnce = { resolve, reject, pending: new Set(this.last.keys()) };
      this.connect();
    });
  }

  connect() {
    if (this.stopped) return;
    const url = this.urls[this.node].replace(/^http/, "ws") + "/ws/v1/events";
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 5000 });
    this.socket = socket;
    socket.on("open", () => socket.send(JSON.stringify({ type: "auth", token: this.token })));
    socket.on("message", (data) => this.handle(JSON.parse(data.toString())));
    socket.on("error", () => {});
    socket.on("close", () => {
      if (this.stopped) return;
      this.reconnects++;
      this.node = (this.node + 1) % this.urls.length;
      setTimeout(() => this.connect(), 1000);
    });
  }

  handle(message) {
    switch (message.type) {
      case "authenticated":
        for (const [organizationId, lastVersion] of this.last) {
          this.socket.send(JSON.stringify({ type: "subscribe", organizationId, lastVersion }));
        }
        break;
      case "subscribed": {
        const once = this.subscribedOnce;
        if (once) {
          once.pending.delete(message.organizationId);
          if (once.pending.size === 0) {
            this.subscribedOnce = null;
            once.resolve(this);
          }
        }
        break;
      }
      case "cache_invalidation":
        this.received.get(message.organizationId)?.push(message.version);
        if (message.version > (this.last.get(message.organizationId) ?? 0)) {
          this.last.set(message.organizationId, message.version);
        }
        break;
      case "resync":
        this.resyncs++;
        break;
      default:
    }
  }

  /** Versions expected (organization → sorted versions) against what arrived. */
  compare(expected) {
    let missing = 0;
    let duplicates = 0;
    for (const [org, versions] of expected) {
      const got = this.received.get(org);
      if (!got) continue;
      const seen = new Set(got);
      duplicates += got.length - seen.size;
      for (const version of versions) if (!seen.has(version)) missing++;
    }
    return { missing, duplicates, resyncs: this.resyncs, reconnects: this.reconnects };
  }

  /** True once this subscriber handled every version of expected (organization → versions). */
  hasAll(expected) {
    for (const [org, versions] of expected) {
      if (!this.received.has(org)) continue;
      if (versions.length && (this.last.get(org) ?? 0) < versions[versions.length - 1]) return false;
    }
    return true;
  }

  stop() {
    this.stopped = true;
    this.socket?.terminate();
  }
}

/** change_log versions after the given ones: organization → sorted versions. */
export function changesSince(db, baseline) {
  const rows = sql(db, "SELECT organization_id, version FROM change_log ORDER BY organization_id, version");
  const out = new Map([...baseline.keys()].map((org) => [org, []]));
  for (const [org, version] of rows) {
    const v = Number(version);
    if (out.has(org) && v > baseline.get(org)) out.get(org).push(v);
  }
  return out;
}

/** The organizations' current change versions (0: never changed). */
export function changeVersions(db, organizations) {
  const rows = sql(db, "SELECT organization_id, version FROM cache_invalidation_log");
  const current = new Map(rows.map(([org, version]) => [org, Number(version)]));
  return new Map(organizations.map((org) => [org, current.get(org) ?? 0]));
}

/**
 * One checker round: the versions of an organization's data types, read one after the other.
 * Its commit may land between two reads, so the versions may step up once; a step down, or more
 * than one step, is a mix of snapshots. "across" is a round that saw its commit land.
 */
export function classifyRound(versions) {
  let steps = 0;
  for (let i = 1; i < versions.length; i++) {
    if (versions[i] < versions[i - 1]) return "mixed";
    if (versions[i] > versions[i - 1]) steps++;
  }
  if (steps > 1) return "mixed";
  return steps === 1 ? "across" : "one";
}
