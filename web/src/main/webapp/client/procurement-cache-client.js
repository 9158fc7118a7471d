// The procurement-cache browser client: cached, tier-aware reads of the REST API, kept current
// by the change stream. See docs/client.md.

import { createFetcher, resolveToken, ProblemError, defaultRetryDelay } from "./fetcher.js";
import { createQueryCache, queryKey } from "./query-cache.js";
import { createPersistence, identityHash, NO_PERSISTENCE } from "./persistence.js";
import { createChangeHandler } from "./change-handler.js";
import { createChangeStream, eventsUrl } from "./change-stream.js";
import { createSocketHub } from "./tab-share.js";

export { ProblemError, defaultRetryDelay, queryKey };

// Until the tiers are known (or when a data type is not among them): always stale, kept briefly.
const UNKNOWN_TIER = Object.freeze({ staleTime: 0, gcTime: 5 * 60_000, nightly: false });

function defaultStorage() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage denied (privacy settings, sandboxed frames)
  }
}

function randomId() {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function seams(options) {
  const has = (name) => Object.prototype.hasOwnProperty.call(options, name);
  const global = (name) => (typeof globalThis[name] === "function" ? globalThis[name].bind(globalThis) : undefined);
  return {
    fetch: options.fetch ?? global("fetch"),
    WebSocket: has("WebSocket") ? options.WebSocket : globalThis.WebSocket,
    BroadcastChannel: has("BroadcastChannel") ? options.BroadcastChannel : globalThis.BroadcastChannel,
    locks: has("locks") ? options.locks : globalThis.navigator?.locks,
    storage: has("storage") ? options.storage : defaultStorage(),
    now: options.now ?? (() => Date.now()),
    setTimeout: options.setTimeout ?? global("setTimeout"),
    clearTimeout: options.clearTimeout ?? global("clearTimeout"),
    random: options.random ?? Math.random,
  };
}

// online / offline / focus go to the window, visibilitychange to the document; one injected
// EventTarget receives them all.
function listenToPage(events, handlers) {
  const windowTarget = events ?? (typeof globalThis.addEventListener === "function" ? globalThis : null);
  const documentTarget = events ?? globalThis.document ?? null;
  const added = [];
  const on = (target, type, handler) => {
    if (!target) return;
    target.addEventListener(type, handler);
    added.push(() => target.removeEventListener(type, handler));
  };
  on(windowTarget, "online", handlers.online);
  on(windowTarget, "focus", handlers.focus);
  on(documentTarget, "visibilitychange", handlers.visible);
  return () => added.forEach((remove) => remove());
}

/**
 * Creates a client. Options: token (string or function), baseUrl, refetchOnWindowFocus, retry,
 * retryDelay, share, and the seams fetch, WebSocket, BroadcastChannel, locks, storage, now,
 * setTimeout, clearTimeout, random, events.
 */
export function createClient(options = {}) {
  if (options.token === undefined || options.token === null) throw new TypeError("createClient needs a token");
  const env = seams(options);
  const baseUrl = (options.baseUrl ?? globalThis.location?.origin ?? "").replace(/\/+$/, "");
  const token = options.token;
  const refetchOnWindowFocus = options.refetchOnWindowFocus ?? false;
  let closed = false;

  const fetcher = createFetcher({
    fetch: env.fetch,
    baseUrl,
    token,
    retry: options.retry ?? 3,
    retryDelay: options.retryDelay ?? defaultRetryDelay,
    setTimeout: env.setTimeout,
  });

  let tiers = new Map();
  const tier = (dataType) => tiers.get(dataType) ?? UNKNOWN_TIER;
  const ready = fetcher.get("/api/v1/data-types").then(({ body }) => {
    const next = new Map();
    for (const t of body?.dataTypes ?? []) {
      next.set(t.dataType, { staleTime: t.freshnessMillis, gcTime: t.retentionMillis, nightly: Boolean(t.nightly) });
    }
    tiers = next;
  });
  const tiersKnown = ready.then(
    () => {},
    () => {}, // queries go on with UNKNOWN_TIER; the rejection is the caller's, through ready
  );

  let store = NO_PERSISTENCE;
  const cache = createQueryCache({
    fetcher,
    tierOf: tier,
    tiersKnown,
    store: () => store,
    now: env.now,
    setTimeout: env.setTimeout,
    clearTimeout: env.clearTimeout,
  });
  const changes = createChangeHandler({ cache, store: () => store });

  const connectionListeners = new Set();
  const hub = createSocketHub({
    share: options.share ?? true,
    locks: env.locks,
    BroadcastChannel: env.BroadcastChannel,
    tabId: randomId(),
    changes,
    createStream: ({ onMessage, onState }) =>
      createChangeStream({
        url: eventsUrl(baseUrl),
        WebSocket: env.WebSocket,
        token: () => resolveToken(token),
        lastVersion: (organizationId) => changes.lastVersion(organizationId),
        onMessage,
        onState,
        now: env.now,
        setTimeout: env.setTimeout,
        clearTimeout: env.clearTimeout,
        random: env.random,
        ...options.heartbeat,
      }),
    onConnection: (connection) => {
      for (const listener of [...connectionListeners]) listener(connection);
    },
  });

  // The identity names the storage, the lock and the channel. A token given as a string (or a
  // function answering at once) is known now, so a reload shows its cached data immediately.
  let started = false;
  function start(current) {
    if (closed || started) return;
    started = true;
    const namespace = `procurement-cache.${identityHash(current)}`;
    store = createPersistence({ storage: env.storage, namespace });
    changes.restore(store.loadVersions());
    cache.hydrate(store.loadEntries());
    hub.start(`${namespace}.socket`);
  }
  let first;
  try {
    first = typeof token === "function" ? token() : token;
  } catch (error) {
    first = Promise.reject(error);
  }
  if (typeof first === "string") start(first);
  else Promise.resolve(first).then(start, () => {}); // no token, no sharing: fetches say why

  const stopListening = listenToPage(options.events, {
    online: () => {
      hub.wake();
      cache.refetchActive({ onlyStale: true });
    },
    focus: () => {
      if (refetchOnWindowFocus) cache.refetchActive({ onlyStale: true });
    },
    visible: () => {
      if (globalThis.document?.visibilityState === "hidden") return;
      hub.wake();
      if (refetchOnWindowFocus) cache.refetchActive({ onlyStale: true });
    },
  });

  function query(ref) {
    return {
      key: queryKey(ref),
      subscribe: (listener) => cache.subscribe(ref, listener),
      getState: () => cache.stateOf(ref),
      refetch: () => cache.refetch(ref),
    };
  }

  return {
    ready,
    tier,
    query,
    fetchQuery: (ref) => cache.fetchQuery(ref),
    invalidate: ({ organizationId, dataTypes } = {}) => cache.invalidate({ organizationId, dataTypes }),
    refetchActive: ({ organizationId, onlyStale = false } = {}) => cache.refetchActive({ organizationId, onlyStale }),
    follow: (organizationId) => hub.follow(organizationId),
    onRefreshStatus: (organizationId, listener) => changes.onRefreshStatus(organizationId, listener),
    onChange: (organizationId, listener) => changes.onChange(organizationId, listener),
    onConnection(listener) {
      // The current state comes at once (in a microtask), unless a change got there first.
      let heard = false;
      const wrapped = (connection) => {
        heard = true;
        listener(connection);
      };
      connectionListeners.add(wrapped);
      queueMicrotask(() => {
        if (!heard && connectionListeners.has(wrapped)) wrapped(hub.connection());
      });
      return () => connectionListeners.delete(wrapped);
    },
    lastVersion: (organizationId) => changes.lastVersion(organizationId),
    close() {
      if (closed) return;
      closed = true;
      stopListening();
      hub.close();
      cache.close();
      connectionListeners.clear();
    },
  };
}
