// Seams for the client's tests: a movable clock, a scripted API server, a scripted WebSocket,
// a sessionStorage-like store, and a small Web Locks manager.

export const ORG_A = "11111111-1111-1111-1111-111111111111";
export const ORG_B = "22222222-2222-2222-2222-222222222222";
const HOUR = 3_600_000;

export const TIERS = {
  dataTypes: [
    { dataType: "dashboard-metrics", nightly: true, paged: false, freshness: "PT24H", freshnessMillis: 24 * HOUR, retention: "PT25H", retentionMillis: 25 * HOUR },
    { dataType: "cogs-analysis", nightly: true, paged: false, freshness: "PT24H", freshnessMillis: 24 * HOUR, retention: "PT25H", retentionMillis: 25 * HOUR },
    { dataType: "price-alerts", nightly: false, paged: true, freshness: "PT30S", freshnessMillis: 30_000, retention: "PT5M", retentionMillis: 300_000 },
    { dataType: "suppliers", nightly: false, paged: false, freshness: "PT30M", freshnessMillis: 30 * 60_000, retention: "PT1H", retentionMillis: HOUR },
  ],
};

/** Lets promise callbacks and queued macrotasks run. */
export async function flush(rounds = 5) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Awaits a condition, checked on the real event loop, failing after timeoutMs. */
export async function waitFor(condition, { timeoutMs = 2000, message = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A clock whose timers run only when the test moves time forward. */
export function fakeClock(start = Date.parse("2026-12-01T12:00:00Z")) {
  let now = start;
  let nextId = 1;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout: (fn, ms = 0) => {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers.delete(id);
    },
    /** Moves time without running timers, as a sleeping computer does; they run late on the next advance. */
    sleep(ms) {
      now += ms;
    },
    pending: () => [...timers.values()].map((t) => t.at - now),
    /** Moves time forward by ms, running each timer that falls due, in order. */
    async advance(ms) {
      const target = now + ms;
      await flush();
      for (;;) {
        const due = [...timers.values()].filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers.delete(due.id);
        now = Math.max(now, due.at);
        due.fn();
        await flush();
      }
      now = target;
      await flush();
    },
  };
}

function jsonResponse(status, body, headers = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  const all = new Map(Object.entries({ "content-type": "application/json", ...headers }).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    ok: status >= 200 && status < 300,
    statusText: "",
    headers: { get: (name) => all.get(name.toLowerCase()) ?? null },
    json: async () => JSON.parse(text),
  };
}

/**
 * A scripted API: documents per organization and data type with a version each, strong ETags,
 * 304 on If-None-Match. Records every request. answer(path) may be replaced per test.
 */
export function fakeServer({ tiers = TIERS } = {}) {
  const requests = [];
  const versions = new Map();
  const failures = []; // queued answers for the next document requests: status or "network"
  let gate = null; // while set, document requests wait for it
  const server = {
    requests,
    nextRefreshAt: "2026-12-02T01:00:00Z",
    payload: (organizationId, dataType, version) => ({ value: version }),
    setVersion(organizationId, dataType, version) {
      versions.set(`${organizationId}/${dataType}`, version);
    },
    failNext(...answers) {
      failures.push(...answers);
    },
    hold() {
      let release;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    documentRequests: (filter = "") => requests.filter((r) => r.path.startsWith("/api/v1/organizations/") && r.path.includes(filter)),
    async fetch(url, init = {}) {
      const { pathname, search } = new URL(url);
      const request = { path: pathname + search, headers: { ...init.headers }, cache: init.cache };
      requests.push(request);
      if (pathname === "/api/v1/data-types") return jsonResponse(200, tiers);
      if (gate) await gate;
      const failure = failures.shift();
      if (failure === "network") throw new TypeError("fetch failed");
      if (failure !== undefined) return jsonResponse(failure, { type: "about:blank", title: `Status ${failure}`, status: failure, detail: `scripted ${failure}` }, { "content-type": "application/problem+json" });
      const [, , , , organizationId, dataType] = pathname.split("/");
      const version = versions.get(`${organizationId}/${dataType}`) ?? 1;
      const etag = `"${organizationId}-${dataType}-${version}${search}"`;
      if (request.headers["If-None-Match"] === etag) return jsonResponse(304, undefined, { etag });
      const body = { organizationId, dataType, version, refreshedAt: null, nextRefreshAt: server.nextRefreshAt, data: server.payload(organizationId, dataType, version) };
      return jsonResponse(200, body, { etag });
    },
  };
  server.fetch = server.fetch.bind(server);
  return server;
}

/** A WebSocket class whose instances the test drives as the server. */
export function fakeWebSocketClass() {
  const sockets = [];
  class FakeWebSocket {
    static sockets = sockets;
    static last = () => sockets[sockets.length - 1];
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      this.closedWith = null;
      sockets.push(this);
    }
    send(text) {
      if (this.readyState !== 1) throw new Error("not open");
      this.sent.push(JSON.parse(text));
    }
    close(code, reason) {
      this.closedWith = { code, reason };
      this.readyState = 3;
    }
    // The server's side:
    accept() {
      this.readyState = 1;
      this.onopen?.({});
    }
    push(message) {
      this.onmessage?.({ data: JSON.stringify(message) });
    }
    drop(code, reason = "") {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
    /** Opens, answers the auth, and returns the auth message's token. */
    authenticate() {
      this.accept();
      const auth = this.sent.find((m) => m.type === "auth");
      this.push({ type: "authenticated", subject: "someone", expiresAt: "2026-12-08T00:00:00Z" });
      return auth?.token;
    }
    subscribes() {
      return this.sent.filter((m) => m.type === "subscribe");
    }
  }
  return FakeWebSocket;
}

/** A sessionStorage-like store; quotaChars makes setItem throw once the total would exceed it. */
export function memoryStorage({ quotaChars = Infinity } = {}) {
  const items = new Map();
  const size = () => [...items].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem(key, value) {
      const before = items.get(key);
      items.set(key, String(value));
      if (size() > quotaChars) {
        if (before === undefined) items.delete(key);
        else items.set(key, before);
        const error = new Error("quota exceeded");
        error.name = "QuotaExceededError";
        throw error;
      }
    },
    removeItem: (key) => {
      items.delete(key);
    },
    get length() {
      return items.size;
    },
  };
}

/** A Web Locks manager for one name space: exclusive locks, FIFO waiters, ifAvailable, signal. */
export function fakeLocks() {
  const held = new Map(); // name → true
  const queues = new Map(); // name → [{callback, resolve, reject}]
  function grant(name) {
    const queue = queues.get(name) ?? [];
    const next = queue.shift();
    if (!next) return;
    run(name, next);
  }
  function run(name, { callback, resolve, reject }) {
    held.set(name, true);
    Promise.resolve()
      .then(() => callback({ name, mode: "exclusive" }))
      .then(resolve, reject)
      .finally(() => {
        held.delete(name);
        grant(name);
      });
  }
  return {
    isHeld: (name) => held.has(name),
    request(name, options, callback) {
      if (typeof options === "function") [options, callback] = [{}, options];
      return new Promise((resolve, reject) => {
        if (options.ifAvailable && held.has(name)) {
          Promise.resolve().then(() => callback(null)).then(resolve, reject);
          return;
        }
        const waiter = { callback, resolve, reject };
        if (!held.has(name) && !(queues.get(name)?.length)) {
          run(name, waiter);
          return;
        }
        if (!queues.has(name)) queues.set(name, []);
        queues.get(name).push(waiter);
        options.signal?.addEventListener("abort", () => {
          const queue = queues.get(name);
          const at = queue.indexOf(waiter);
          if (at >= 0) {
            queue.splice(at, 1);
            reject(new Error("AbortError"));
          }
        });
      });
    },
  };
}

/** A JWT-shaped token (unsigned: the client only reads sub and iss for its namespace). */
export function token(sub, { iss = "procurement-cache", n = 0 } = {}) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part({ iss, sub, n })}.signature`;
}
