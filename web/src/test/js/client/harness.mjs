// A client wired to the fakes, one call per test.
import { createClient } from "../../../main/webapp/client/procurement-cache-client.js";
import { fakeClock, fakeServer, fakeWebSocketClass, token } from "./fakes.mjs";

export const BASE_URL = "http://node.test";

export function setup(overrides = {}) {
  const clock = overrides.clock ?? fakeClock();
  const server = overrides.server ?? fakeServer();
  const WebSocket = overrides.WebSocket ?? fakeWebSocketClass();
  const events = overrides.events ?? new EventTarget();
  const { clock: _c, server: _s, ...options } = overrides;
  const client = createClient({
    token: token("viewer@a"),
    baseUrl: BASE_URL,
    fetch: server.fetch,
    WebSocket,
    BroadcastChannel: null,
    locks: null,
    storage: null,
    share: false,
    now: clock.now,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    random: () => 0.5,
    events,
    ...options,
  });
  return { client, clock, server, WebSocket, events };
}

/** Collects a query's states. */
export function watch(query) {
  const states = [];
  const stop = query.subscribe((state) => states.push(state));
  return { states, stop, last: () => states[states.length - 1] };
}
