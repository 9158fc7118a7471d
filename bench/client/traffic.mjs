// What a page sends and receives, counted from Playwright's events into the session's current
// phase: HTTP requests to /api/v1 (count, bytes received as response headers + body, 304s,
// failures) and the frames the WebSocket brings in. A request counts in the phase it was sent in.

import { setTimeout as sleep } from "node:timers/promises";
import { emptyTally } from "./stats.mjs";

const isApi = (url) => new URL(url).pathname.startsWith("/api/v1/");

function messageType(payload) {
  try {
    return JSON.parse(String(payload)).type ?? "?";
  } catch {
    return "not JSON";
  }
}

export class Traffic {
  /** @param page a Playwright Page of one session */
  constructor(page) {
    this.phases = {};
    this.phase = null;
    this.inFlight = new Map(); // request → its tally
    this.lastActivity = performance.now();
    this.lastAnswerAt = 0; // epoch ms of the last answer's end, from the browser's timing
    this.urls = new Set(); // every /api/v1 GET the page made, to warm the server up with
    this.log = []; // {phase, method, path, status, bytes, ms}: what each request was
    this.messages = []; // {phase, type}: what the socket brought
    this.pending = [];
    page.on("request", (request) => this.#sent(request));
    page.on("requestfinished", (request) => this.pending.push(this.#finished(request)));
    page.on("requestfailed", (request) => this.pending.push(this.#failed(request)));
    page.on("websocket", (socket) => {
      socket.on("framereceived", (frame) => {
        const tally = this.#tally();
        tally.wsFrames += 1;
        tally.wsBytes += Buffer.byteLength(frame.payload);
        this.messages.push({ phase: this.phase, type: messageType(frame.payload) });
      });
    });
  }

  /** From now on requests count in PHASE. */
  enter(phase) {
    this.phase = phase;
    this.phases[phase] ??= emptyTally();
  }

  #tally() {
    return (this.phases[this.phase ?? "outside"] ??= emptyTally());
  }

  #sent(request) {
    if (!isApi(request.url())) return;
    const tally = this.#tally();
    tally.requests += 1;
    const url = new URL(request.url());
    const entry = { phase: this.phase, method: request.method(), path: url.pathname.replace(/^\/api\/v1/, "") + url.search, sentAt: performance.now() };
    this.log.push(entry);
    this.inFlight.set(request, { tally, entry });
    this.lastActivity = performance.now();
    if (request.method() === "GET") this.urls.add(request.url());
  }

  async #finished(request) {
    const { tally, entry } = this.inFlight.get(request) ?? {};
    if (!tally) return;
    try {
      const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
      const bytes = sizes.responseHeadersSize + sizes.responseBodySize;
      tally.bytes += bytes;
      if (response?.status() === 304) tally.notModified += 1;
      Object.assign(entry, { status: response?.status(), bytes, conditional: Boolean(await request.headerValue("if-none-match")) });
      if (entry.status === 200 && /\/dashboard-metrics$/.test(new URL(request.url()).pathname)) {
        entry.version = (await response.json()).version;
      }
    } finally {
      // The browser's own timing: when the answer's last byte arrived, not when this ran.
      const timing = request.timing();
      if (timing.responseEnd >= 0) {
        entry.ms = Math.round(timing.responseEnd);
        this.lastAnswerAt = Math.max(this.lastAnswerAt, timing.startTime + timing.responseEnd);
      } else {
        entry.ms = Math.round(performance.now() - entry.sentAt);
      }
      delete entry.sentAt;
      this.inFlight.delete(request);
      this.lastActivity = performance.now();
    }
  }

  // A 304 whose (empty) body the page never reads ends as "failed" (net::ERR_ABORTED) although
  // its answer arrived: a request with a response counts as answered.
  async #failed(request) {
    const { tally, entry } = this.inFlight.get(request) ?? {};
    if (!tally) return;
    const response = await request.response().catch(() => null);
    if (response) return this.#finished(request);
    tally.failed += 1;
    entry.status = `failed: ${request.failure()?.errorText}`;
    entry.ms = Math.round(performance.now() - entry.sentAt);
    delete entry.sentAt;
    this.inFlight.delete(request);
    this.lastActivity = performance.now();
  }

  /** The version of the last dashboard-metrics document the page received (200), if any. */
  lastDashboardVersion() {
    return this.log.findLast((entry) => Number.isFinite(entry.version))?.version;
  }

  /** Resolves once the socket brought a message of TYPE in the current phase; fails after timeoutMs. */
  async message(type, { timeoutMs = 20_000 } = {}) {
    const deadline = performance.now() + timeoutMs;
    while (!this.messages.some((m) => m.phase === this.phase && m.type === type)) {
      if (performance.now() > deadline) throw new Error(`no ${type} message in ${this.phase} within ${timeoutMs} ms`);
      await sleep(25);
    }
  }

  /**
   * Resolves once no /api/v1 request is in flight and none started or ended for `quietMs`:
   * a view has asked for everything it shows. Fails after `timeoutMs`.
   */
  async quiet({ quietMs = 400, timeoutMs = 20_000 } = {}) {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      await Promise.all(this.pending.splice(0));
      if (this.inFlight.size === 0 && performance.now() - this.lastActivity >= quietMs) return;
      await sleep(25);
    }
    throw new Error(`requests still in flight after ${timeoutMs} ms: ${[...this.inFlight.keys()].map((r) => r.url()).join(", ")}`);
  }
}
