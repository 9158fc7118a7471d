// HTTP for the client: bearer token, conditional GETs with the stored ETag, retries with backoff,
// and errors as the server's problem documents.

/** An error answer of the API (or a network failure, status 0) as {status, title, detail}. */
export class ProblemError extends Error {
  constructor({ status, title, detail }) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ProblemError";
    this.status = status;
    this.title = title;
    this.detail = detail ?? null;
  }

  toJSON() {
    return { status: this.status, title: this.title, detail: this.detail };
  }
}

/** 1 s, 2 s, 4 s, … at most 30 s: the wait before retry number attempt + 1. */
export function defaultRetryDelay(attempt) {
  return Math.min(1000 * 2 ** attempt, 30_000);
}

// Worth another try: the network, the server, a timeout, or being told to slow down. Any other
// 4xx is an answer about the request itself and would only be repeated.
function isRetryable(status) {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** Resolves a token given as a string or as a (possibly async) function. */
export async function resolveToken(token) {
  return typeof token === "function" ? await token() : token;
}

async function problemOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status line has to do.
  }
  return new ProblemError({
    status: response.status,
    title: body?.title ?? (response.statusText || `HTTP ${response.status}`),
    detail: body?.detail ?? null,
  });
}

/**
 * @param {object} o
 * @param {typeof fetch} o.fetch
 * @param {string} o.baseUrl origin (and context root) of the API, without a trailing slash
 * @param {string|Function} o.token
 * @param {number|boolean} [o.retry] retries after the first attempt (true = 3, false = 0)
 * @param {(attempt:number)=>number} [o.retryDelay]
 * @param {Function} o.setTimeout
 */
export function createFetcher({ fetch, baseUrl, token, retry = 3, retryDelay = defaultRetryDelay, setTimeout }) {
  const retries = retry === true ? 3 : retry === false ? 0 : Math.max(0, Number(retry) || 0);

  async function once(path, etag) {
    let current;
    try {
      current = await resolveToken(token);
    } catch (error) {
      throw new ProblemError({ status: 401, title: "No token", detail: String(error?.message ?? error) });
    }
    const headers = { Accept: "application/json", Authorization: `Bearer ${current}` };
    if (etag) headers["If-None-Match"] = etag;
    let response;
    try {
      // no-store: the browser's HTTP cache must neither answer a 304 itself nor serve a copy the
      // change stream has just declared old; revalidation is this client's job.
      response = await fetch(baseUrl + path, { method: "GET", headers, cache: "no-store" });
    } catch (error) {
      throw new ProblemError({ status: 0, title: "Network error", detail: String(error?.message ?? error) });
    }
    if (response.status === 304) {
      return { notModified: true, body: undefined, etag: response.headers.get("ETag") ?? etag };
    }
    if (!response.ok) throw await problemOf(response);
    let body;
    try {
      body = await response.json();
    } catch (error) {
      throw new ProblemError({ status: response.status, title: "Unreadable response", detail: String(error?.message ?? error) });
    }
    return { notModified: false, body, etag: response.headers.get("ETag") };
  }

  /**
   * GET path (relative to baseUrl). With etag, asks for a 304 when unchanged.
   * @returns {Promise<{notModified:boolean, body:any, etag:string|null}>}
   */
  async function get(path, { etag } = {}) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(path, etag);
      } catch (error) {
        if (attempt >= retries || !isRetryable(error.status)) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
      }
    }
  }

  return { get };
}
