// The in-memory query cache: one entry per organization + data type + parameters, each with its
// document, ETag, freshness and subscribers. Staleness follows the server's tiers; invalidation
// refetches what is on screen and only marks the rest.

const MAX_TIMER = 2 ** 31 - 1; // setTimeout's longest delay
const noop = () => {};

/** The parameters that make a query distinct, in a stable order, without empty ones. */
export function normalizeParams(params) {
  const out = {};
  for (const name of ["page", "size", "sort"]) {
    if (params?.[name] !== undefined && params[name] !== null && params[name] !== "") out[name] = params[name];
  }
  return out;
}

export function queryKey({ organizationId, dataType, params }) {
  return JSON.stringify([organizationId, dataType, normalizeParams(params)]);
}

export function queryPath({ organizationId, dataType, params }) {
  const search = new URLSearchParams(Object.entries(normalizeParams(params)).map(([k, v]) => [k, String(v)]));
  const query = search.toString();
  return `/api/v1/organizations/${encodeURIComponent(organizationId)}/${encodeURIComponent(dataType)}${query ? `?${query}` : ""}`;
}

/**
 * @param {object} o
 * @param {{get:Function}} o.fetcher
 * @param {(dataType:string)=>{staleTime:number,gcTime:number,nightly:boolean}} o.tierOf
 * @param {Promise<void>} o.tiersKnown settles once the tiers are loaded (or failed to load)
 * @param {()=>object} o.store the persistence in use (may change once the identity is known)
 */
export function createQueryCache({ fetcher, tierOf, tiersKnown, store, now, setTimeout, clearTimeout }) {
  const entries = new Map();
  let closed = false;

  function entryOf(ref) {
    const key = queryKey(ref);
    let entry = entries.get(key);
    if (!entry) {
      entry = {
        key,
        organizationId: ref.organizationId,
        dataType: ref.dataType,
        params: normalizeParams(ref.params),
        path: queryPath(ref),
        data: undefined,
        etag: null,
        updatedAt: null,
        error: null,
        invalidated: false,
        inflight: null,
        generation: 0,
        listeners: new Set(),
        gcTimer: null,
        staleTimer: null,
      };
      entries.set(key, entry);
    }
    return entry;
  }

  function staleAt(entry) {
    if (entry.invalidated || entry.updatedAt === null) return -Infinity;
    const { staleTime, nightly } = tierOf(entry.dataType);
    let at = entry.updatedAt + staleTime;
    // A nightly document is old once its next refresh time has passed, unless it was fetched or
    // revalidated after that time (a late refresh: the server still says 304, and that counts).
    const next = nightly ? Date.parse(entry.data?.nextRefreshAt) : NaN;
    if (next > entry.updatedAt && next < at) at = next;
    return at;
  }

  const isStale = (entry) => now() >= staleAt(entry);

  function stateOf(entry) {
    return {
      status: entry.error ? "error" : entry.updatedAt !== null ? "success" : "pending",
      data: entry.data,
      error: entry.error,
      isFetching: entry.inflight !== null,
      isStale: isStale(entry),
      updatedAt: entry.updatedAt,
    };
  }

  function notify(entry) {
    if (!entry.listeners.size) return;
    const state = stateOf(entry);
    for (const listener of [...entry.listeners]) {
      try {
        listener(state);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  function persist(entry) {
    if (entry.updatedAt === null) return;
    const { key, organizationId, dataType, params, data, etag, updatedAt, invalidated } = entry;
    store().saveEntry({ key, organizationId, dataType, params, data, etag, updatedAt, invalidated });
  }

  // Subscribers see isStale flip when the time comes, without a refetch (as TanStack Query does).
  function scheduleStaleTimer(entry) {
    clearTimeout(entry.staleTimer);
    entry.staleTimer = null;
    if (!entry.listeners.size || closed) return;
    const wait = staleAt(entry) - now();
    if (wait > 0 && Number.isFinite(wait)) {
      entry.staleTimer = setTimeout(() => {
        entry.staleTimer = null;
        if (isStale(entry)) notify(entry);
        else scheduleStaleTimer(entry);
      }, Math.min(wait, MAX_TIMER));
    }
  }

  function scheduleGc(entry) {
    clearTimeout(entry.gcTimer);
    entry.gcTimer = null;
    if (entry.listeners.size || closed) return;
    entry.gcTimer = setTimeout(() => {
      entry.gcTimer = null;
      if (entry.listeners.size) return;
      if (entry.inflight) return; // settling reschedules
      entries.delete(entry.key);
      store().removeEntry(entry.key);
    }, Math.min(tierOf(entry.dataType).gcTime, MAX_TIMER));
  }

  /** One request per entry at a time: every caller shares the one in flight. */
  function fetchEntry(entry) {
    if (entry.inflight) return entry.inflight;
    const generation = entry.generation;
    const promise = (async () => {
      try {
        const answer = await fetcher.get(entry.path, { etag: entry.data !== undefined ? entry.etag : null });
        if (!answer.notModified) {
          entry.data = answer.body;
          entry.etag = answer.etag;
        }
        entry.updatedAt = now();
        entry.error = null;
        // An invalidation that came while the request was out may name a newer version than
        // the answer: then the entry stays stale and is fetched again below.
        if (entry.generation === generation) entry.invalidated = false;
        return entry.data;
      } catch (error) {
        entry.error = error;
        throw error;
      } finally {
        entry.inflight = null;
        if (!closed && entries.get(entry.key) === entry) {
          persist(entry);
          notify(entry);
          scheduleStaleTimer(entry);
          if (entry.generation !== generation && entry.listeners.size) fetchEntry(entry).catch(noop);
          else if (!entry.listeners.size && !entry.gcTimer) scheduleGc(entry);
        }
      }
    })();
    entry.inflight = promise;
    notify(entry);
    return promise;
  }

  function subscribe(ref, listener) {
    const entry = entryOf(ref);
    entries.set(entry.key, entry); // a gc'd entry a caller still holds comes back
    clearTimeout(entry.gcTimer);
    entry.gcTimer = null;
    entry.listeners.add(listener);
    listener(stateOf(entry));
    // Nothing held is stale under any tier: fetch now rather than after the tiers' round trip.
    if (entry.updatedAt === null && !entry.inflight) fetchEntry(entry).catch(noop);
    tiersKnown.then(() => {
      if (closed || !entry.listeners.has(listener)) return;
      if (isStale(entry) && !entry.inflight) fetchEntry(entry).catch(noop);
      else notify(entry); // isStale may read differently now that the tiers are known
      scheduleStaleTimer(entry);
    });
    return () => {
      if (!entry.listeners.delete(listener) || entry.listeners.size) return;
      clearTimeout(entry.staleTimer);
      entry.staleTimer = null;
      scheduleGc(entry);
    };
  }

  /** The document, from memory while fresh, otherwise fetched (shared with any request in flight). */
  async function fetchQuery(ref) {
    const entry = entryOf(ref);
    if (entry.updatedAt === null) return fetchEntry(entry); // stale under any tier
    await tiersKnown;
    if (!isStale(entry)) return entry.data;
    return fetchEntry(entry);
  }

  function matching({ organizationId, dataTypes }) {
    return [...entries.values()].filter(
      (e) => (organizationId === undefined || e.organizationId === organizationId) && (!dataTypes || dataTypes.includes(e.dataType)),
    );
  }

  /** Active entries are refetched at once; inactive ones are only marked, for their next use. */
  function invalidate({ organizationId, dataTypes } = {}) {
    const refetches = [];
    for (const entry of matching({ organizationId, dataTypes })) {
      entry.invalidated = true;
      entry.generation++;
      persist(entry);
      clearTimeout(entry.staleTimer);
      entry.staleTimer = null;
      notify(entry);
      if (entry.listeners.size && !entry.inflight) refetches.push(fetchEntry(entry).catch(noop));
    }
    return Promise.all(refetches).then(noop);
  }

  function refetchActive({ organizationId, onlyStale = false } = {}) {
    const refetches = matching({ organizationId })
      .filter((e) => e.listeners.size && (!onlyStale || isStale(e)))
      .map((e) => fetchEntry(e).catch(noop));
    return Promise.all(refetches).then(noop);
  }

  /** Entries saved by an earlier page of the same tab: shown at once, revalidated as usual. */
  function hydrate(records) {
    for (const r of records) {
      if (!r || typeof r.organizationId !== "string" || typeof r.dataType !== "string" || typeof r.updatedAt !== "number") continue;
      const entry = entryOf(r);
      if (entry.updatedAt !== null) continue;
      entry.data = r.data;
      entry.etag = r.etag ?? null;
      entry.updatedAt = r.updatedAt;
      entry.invalidated = Boolean(r.invalidated);
      notify(entry);
    }
    tiersKnown.then(() => {
      for (const entry of entries.values()) if (!entry.listeners.size && !entry.gcTimer && !entry.inflight) scheduleGc(entry);
    });
  }

  function stateOfRef(ref) {
    const entry = entries.get(queryKey(ref));
    if (entry) return stateOf(entry);
    return { status: "pending", data: undefined, error: null, isFetching: false, isStale: true, updatedAt: null };
  }

  function refetch(ref) {
    return fetchEntry(entryOf(ref));
  }

  function has(ref) {
    return entries.has(queryKey(ref));
  }

  function close() {
    closed = true;
    for (const entry of entries.values()) {
      clearTimeout(entry.gcTimer);
      clearTimeout(entry.staleTimer);
      entry.listeners.clear();
    }
  }

  return { subscribe, fetchQuery, invalidate, refetchActive, hydrate, stateOf: stateOfRef, refetch, has, close };
}
