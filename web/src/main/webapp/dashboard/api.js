// The few calls that are not a cached data type of an organization: the organization itself (its
// name), the admin's list of organizations, and the refresh status (the zone the schedule runs
// in). Asked through the source when it offers plain requests (source.fetchJson), else with
// fetch and the bearer token, so that a source without such calls still works.

function problemOf(status, body, fallbackTitle) {
  return {
    status,
    title: body?.title ?? fallbackTitle,
    detail: body?.detail ?? null,
  };
}

/** {get(path) → Promise of the JSON}; a failure rejects with {status, title, detail}. */
export function createApi({ source, token, baseUrl = location.origin, fetch: doFetch = globalThis.fetch }) {
  const bearer = () => (typeof token === "function" ? token() : token);
  async function get(path) {
    if (typeof source?.fetchJson === "function") return source.fetchJson(path);
    let response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${bearer()}` },
      });
    } catch (error) {
      throw problemOf(0, null, "The server could not be reached");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw problemOf(response.status, body, response.statusText || "Request failed");
    return body;
  }
  return {
    organization: (id) => get(`/api/v1/organizations/${encodeURIComponent(id)}`),
    organizations: () => get("/api/v1/organizations"),
    refreshStatus: () => get("/api/v1/refresh/status"),
  };
}
