// One WebSocket to /ws/v1/events: authenticate with the first message, subscribe each followed
// organization with its last handled version, keep the connection honest with a heartbeat, and
// reconnect with backoff when the server or the network drops it.

const OPEN = 1;

/** The socket's address for an HTTP(S) base URL: same host, ws(s) scheme. */
export function eventsUrl(baseUrl) {
  return `${baseUrl.replace(/^http/, "ws")}/ws/v1/events`;
}

// After these refusals only something else (a new token, another organization) would help.
function isFinalRefusal(code, reason) {
  return code === 1008 && reason !== "token expired";
}

/**
 * @param {object} o
 * @param {string} o.url
 * @param {Function} o.WebSocket
 * @param {()=>Promise<string>} o.token resolves the current token (asked again on each connect)
 * @param {(organizationId:string)=>number|undefined} o.lastVersion
 * @param {(message:object)=>void} o.onMessage every server message but authenticated and pong
 * @param {(state:{state:string,code?:number,reason?:string})=>void} o.onState
 */
export function createChangeStream({
  url,
  WebSocket,
  token,
  lastVersion,
  onMessage,
  onState,
  now,
  setTimeout,
  clearTimeout,
  random = Math.random,
  heartbeatInterval = 25_000,
  heartbeatTimeout = 10_000,
  maxTimerLag = 60_000,
  backoffMin = 1_000,
  backoffMax = 30_000,
}) {
  let wanted = new Set();
  const subscribed = new Set();
  let socket = null;
  let authenticated = false;
  let opening = false; // waiting for the token before a socket exists
  let attempt = 0;
  let refused = false;
  let stopped = false;
  let beatDueAt = null; // when the heartbeat timer should fire
  let pingSentAt = null; // the unanswered ping, if any
  let reconnectTimer = null;
  let pingTimer = null;
  let pongTimer = null;
  let state = { state: "closed" };

  function setState(next) {
    state = next;
    onState(next);
  }

  function send(message) {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
  }

  function clearTimers() {
    clearTimeout(pingTimer);
    clearTimeout(pongTimer);
    pingTimer = pongTimer = null;
    beatDueAt = pingSentAt = null;
  }

  // Forgets the socket without waiting for its close event; closes it if it is still there.
  function drop(code, reason) {
    const old = socket;
    socket = null;
    authenticated = false;
    subscribed.clear();
    clearTimers();
    if (!old) return;
    old.onopen = old.onmessage = old.onclose = old.onerror = null;
    try {
      old.close(code, reason);
    } catch {
      // Closing a socket that never opened may throw; it is gone either way.
    }
  }

  function backoff() {
    const base = Math.min(backoffMax, backoffMin * 2 ** Math.min(attempt, 16));
    attempt++;
    // Jitter spreads the reconnects of many clients after a node restart.
    return Math.max(backoffMin, Math.min(backoffMax, base * (0.75 + random() * 0.5)));
  }

  function scheduleReconnect(extra = {}) {
    if (stopped) return;
    const delay = backoff();
    setState({ state: "closed", ...extra, retryIn: Math.round(delay) });
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  // Overdue: a ping unanswered past its timeout, or the heartbeat timer itself stalled far beyond
  // what background-tab throttling does (about a minute): the computer slept, the socket is
  // likely dead. Mere silence is not enough, since a hidden tab's timers run late.
  function overdue() {
    const t = now();
    return (pingSentAt !== null && t - pingSentAt > heartbeatTimeout) || (beatDueAt !== null && t - beatDueAt > maxTimerLag);
  }

  function scheduleHeartbeat() {
    clearTimeout(pingTimer);
    beatDueAt = now() + heartbeatInterval;
    pingTimer = setTimeout(beat, heartbeatInterval);
  }

  function ping() {
    send({ type: "ping" });
    if (pingSentAt !== null) return;
    pingSentAt = now();
    clearTimeout(pongTimer);
    pongTimer = setTimeout(() => {
      pongTimer = null;
      drop(4000, "heartbeat timeout");
      scheduleReconnect({ reason: "heartbeat timeout" });
    }, heartbeatTimeout);
  }

  function beat() {
    pingTimer = null;
    if (overdue()) {
      reconnectNow();
      return;
    }
    if (!authenticated) {
      // No ping before auth (the server would refuse it); its auth timeout is far shorter anyway.
      drop(4000, "connect timeout");
      scheduleReconnect({ reason: "connect timeout" });
      return;
    }
    ping();
    scheduleHeartbeat();
  }

  function syncSubscriptions() {
    if (!authenticated) return;
    for (const organizationId of wanted) {
      if (subscribed.has(organizationId)) continue;
      subscribed.add(organizationId);
      // JSON.stringify leaves out an undefined lastVersion: a first subscribe.
      send({ type: "subscribe", organizationId, lastVersion: lastVersion(organizationId) });
    }
    for (const organizationId of [...subscribed]) {
      if (wanted.has(organizationId)) continue;
      subscribed.delete(organizationId);
      send({ type: "unsubscribe", organizationId });
    }
  }

  function onSocketMessage(event) {
    // Any message shows the socket alive, as the server counts any message as activity.
    pingSentAt = null;
    clearTimeout(pongTimer);
    pongTimer = null;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === "authenticated") {
      authenticated = true;
      attempt = 0;
      setState({ state: "open" });
      syncSubscriptions();
    } else if (message.type !== "pong") {
      onMessage(message);
    }
  }

  function onSocketClose(event) {
    const { code, reason } = event;
    socket = null; // closed already: only the bookkeeping is left
    drop();
    if (isFinalRefusal(code, reason)) {
      refused = true;
      setState({ state: "closed", code, reason });
    } else {
      scheduleReconnect({ code, reason });
    }
  }

  async function connect() {
    if (stopped || socket || opening || refused || !wanted.size) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (typeof WebSocket !== "function") {
      setState({ state: "closed", reason: "WebSocket unavailable" });
      return;
    }
    setState({ state: "connecting" });
    opening = true;
    let current;
    try {
      current = await token();
    } catch {
      opening = false;
      scheduleReconnect({ reason: "no token" });
      return;
    }
    opening = false;
    if (stopped || socket) return;
    let created;
    try {
      created = new WebSocket(url);
    } catch (error) {
      scheduleReconnect({ reason: String(error?.message ?? error) });
      return;
    }
    socket = created;
    created.onopen = () => {
      created.send(JSON.stringify({ type: "auth", token: current }));
    };
    created.onmessage = onSocketMessage;
    created.onclose = onSocketClose;
    created.onerror = () => {}; // a close event follows and says more
    scheduleHeartbeat();
  }

  function reconnectNow() {
    drop(4000, "reconnecting");
    attempt = 0;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    connect();
  }

  /** The organizations to follow; subscribes and unsubscribes the difference. */
  function setOrganizations(organizations) {
    const next = new Set(organizations);
    const changed = next.size !== wanted.size || [...next].some((o) => !wanted.has(o));
    wanted = next;
    if (changed) refused = false; // the refusal may have been about an organization now gone
    if (socket) syncSubscriptions();
    else if (!reconnectTimer) connect();
  }

  /**
   * After sleep, a hidden tab or offline: no socket or an overdue heartbeat → reconnect at once;
   * otherwise a ping now finds a dead socket within the heartbeat timeout.
   */
  function wake() {
    if (stopped || refused || !wanted.size || opening) return;
    if (!socket || overdue()) reconnectNow();
    else if (authenticated) ping();
  }

  function close() {
    stopped = true;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    drop(1000, "client closed");
    if (state.state !== "closed") setState({ state: "closed" });
  }

  return { setOrganizations, wake, close, state: () => state };
}
