// The benchmark's baseline data source for the dashboard: what a page without a client cache
// does. Every subscription fetches its document again (fetch with cache: "no-store", so neither
// the browser's HTTP cache nor a revalidation helps), nothing is kept between views or across a
// reload, and there is no socket: no push, no notice, no refresh progress. Subscriptions to the
// same document that start while its request is on its way share that request, as a page that
// loads each document once per view would: the baseline is not inflated by the dashboard asking
// for one document in two places of a view. It offers the subset
// of the client's API that startDashboard uses (see docs/client.md), with the same state shapes.
// Served into the page by the benchmark itself (page.route); it is not part of the product.

const PLAIN_TIER = { staleTime: 0, gcTime: 0, nightly: false };

function problemOf(status, body, fallbackTitle) {
  return { status, title: body?.title ?? fallbackTitle, detail: body?.detail ?? null };
}

function queryPath({ organizationId, dataType, params = {} }) {
  const search = new URLSearchParams();
  for (const key of ["page", "size", "sort"]) {
    if (params[key] !== undefined && params[key] !== null) search.set(key, String(params[key]));
  }
  const query = search.toString();
  return `/api/v1/organizations/${encodeURIComponent(organizationId)}/${encodeURIComponent(dataType)}${query ? `?${query}` : ""}`;
}

export function createPlainSource({ token, baseUrl = location.origin, fetch: doFetch = globalThis.fetch.bind(globalThis) }) {
  const bearer = () => (typeof token === "function" ? token() : token);
  const active = new Set(); // {key, refetch}
  const inFlight = new Map(); // path → promise of the document

  function fetchDocument(key) {
    const path = queryPath(key);
    if (!inFlight.has(path)) {
      const request = requestDocument(path).finally(() => inFlight.delete(path));
      inFlight.set(path, request);
    }
    return inFlight.get(path);
  }

  async function requestDocument(path) {
    let response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        cache: "no-store",
        headers: { Accept: "application/json", Authorization: `Bearer ${bearer()}` },
      });
    } catch {
      throw problemOf(0, null, "The server could not be reached");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw problemOf(response.status, body, response.statusText || "Request failed");
    return body;
  }

  function query(key) {
    return {
      subscribe(listener) {
        let state = { status: "pending", data: undefined, error: undefined, isFetching: true, isStale: true, updatedAt: undefined };
        let stopped = false;
        const emit = (next) => {
          state = next;
          if (!stopped) listener(state);
        };
        const load = async () => {
          emit({ ...state, isFetching: true });
          try {
            const data = await fetchDocument(key);
            emit({ status: "success", data, error: undefined, isFetching: false, isStale: false, updatedAt: Date.now() });
          } catch (error) {
            emit({ ...state, status: "error", error, isFetching: false });
          }
        };
        const entry = { key, refetch: load };
        active.add(entry);
        load();
        return () => {
          stopped = true;
          active.delete(entry);
        };
      },
    };
  }

  const never = () => () => {};
  return {
    ready: Promise.resolve(),
    tier: () => ({ ...PLAIN_TIER }),
    query,
    fetchQuery: (key) => fetchDocument(key),
    async refetchActive({ organizationId } = {}) {
      const due = [...active].filter((e) => !organizationId || e.key.organizationId === organizationId);
      await Promise.all(due.map((e) => e.refetch()));
    },
    invalidate: () => {},
    follow: never,
    onRefreshStatus: never,
    onChange: never,
    onConnection: never,
    lastVersion: () => undefined,
    close: () => {},
  };
}
