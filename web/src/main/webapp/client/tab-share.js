// Who owns the socket. Tabs of the same identity share one: the tab holding the Web Lock is the
// leader, opens the socket for the union of everyone's organizations and relays every server
// message over a BroadcastChannel; the others follow. When the leader goes, the lock passes to the
// next waiting tab, which opens the socket and resumes from the versions it has handled itself.
// Without Web Locks or BroadcastChannel each tab is "solo" with its own socket.

/**
 * @param {object} o
 * @param {boolean} o.share
 * @param {object|null} o.locks navigator.locks-like: request(name, [options], callback)
 * @param {Function|null} o.BroadcastChannel
 * @param {string} o.tabId
 * @param {(handlers:{onMessage:Function,onState:Function})=>object} o.createStream a change stream
 * @param {object} o.changes the change handler: handle, versions, statuses, adopt, adoptUnknown
 * @param {(connection:{state:string,role:string})=>void} o.onConnection
 */
export function createSocketHub({ share, locks, BroadcastChannel, tabId, createStream, changes, onConnection }) {
  const own = new Map(); // organization → number of follow() calls still active
  const followers = new Map(); // follower tab → its organizations (leader only)
  const canShare = Boolean(share && locks && typeof locks.request === "function" && typeof BroadcastChannel === "function");
  let role = canShare ? "follower" : "solo";
  let stream = null;
  let channel = null;
  let connection = { state: "closed" };
  let closed = false;
  let releaseLock = () => {};
  const waiting = typeof AbortController === "function" ? new AbortController() : null;

  function report(next) {
    connection = next;
    onConnection({ ...next, role });
  }

  function post(message) {
    try {
      channel?.postMessage(message);
    } catch {
      // A closed channel: this tab is going away.
    }
  }

  function union() {
    const organizations = new Set(own.keys());
    for (const set of followers.values()) for (const o of set) organizations.add(o);
    return organizations;
  }

  function openStream() {
    stream = createStream({
      onMessage(message) {
        changes.handle(message);
        if (role === "leader") post({ kind: "server", from: tabId, message });
      },
      onState(next) {
        report(next);
        if (role === "leader") post({ kind: "connection", from: tabId, connection: next });
      },
    });
    stream.setOrganizations(union());
  }

  function announce() {
    post({ kind: "follow", from: tabId, organizations: [...own.keys()], versions: changes.versions() });
  }

  function lead() {
    if (closed) return;
    role = "leader";
    openStream();
    report(stream.state());
    post({ kind: "leader", from: tabId });
  }

  function onLeaderMessage(m) {
    if (m.kind === "follow") {
      followers.set(m.from, new Set(m.organizations ?? []));
      changes.adoptUnknown(m.versions);
      stream.setOrganizations(union());
      post({ kind: "snapshot", from: tabId, to: m.from, versions: changes.versions(), statuses: changes.statuses(), connection });
    } else if (m.kind === "bye") {
      if (followers.delete(m.from)) stream.setOrganizations(union());
    } else if (m.kind === "wake") {
      stream.wake();
    }
  }

  function onFollowerMessage(m) {
    if (m.kind === "server") {
      changes.handle(m.message);
    } else if (m.kind === "connection") {
      report(m.connection);
    } else if (m.kind === "snapshot" && m.to === tabId) {
      changes.adopt(m);
      report(m.connection ?? { state: "connecting" });
    } else if (m.kind === "leader") {
      report({ state: "connecting" });
      announce();
    }
  }

  /** Starts once the identity is known; name (lock and channel) is derived from it. */
  function start(name) {
    if (!canShare) {
      openStream();
      return;
    }
    channel = new BroadcastChannel(name);
    channel.onmessage = ({ data }) => {
      if (closed || !data || data.from === tabId) return;
      if (role === "leader") onLeaderMessage(data);
      else onFollowerMessage(data);
    };
    const held = new Promise((resolve) => (releaseLock = resolve));
    const hold = () => {
      lead();
      return held; // the lock is this tab's for as long as it lives (or until close())
    };
    Promise.resolve(
      locks.request(name, { ifAvailable: true }, (lock) => {
        if (lock) return hold();
        report({ state: "connecting" });
        announce();
        const options = waiting ? { signal: waiting.signal } : {};
        Promise.resolve(locks.request(name, options, () => (closed ? undefined : hold()))).catch(() => {});
        return undefined;
      }),
    ).catch(() => {});
  }

  function followersChanged() {
    if (role === "follower") announce();
    else stream?.setOrganizations(union());
  }

  /** Follows an organization over the (shared) socket until the returned function is called. */
  function follow(organizationId) {
    own.set(organizationId, (own.get(organizationId) ?? 0) + 1);
    if (own.get(organizationId) === 1) followersChanged();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const count = own.get(organizationId) - 1;
      if (count > 0) own.set(organizationId, count);
      else {
        own.delete(organizationId);
        followersChanged();
      }
    };
  }

  /** Back from sleep, visible again, online: the socket owner checks its connection at once. */
  function wake() {
    if (role === "follower") post({ kind: "wake", from: tabId });
    else stream?.wake();
  }

  function close() {
    if (closed) return;
    closed = true;
    if (role === "follower") post({ kind: "bye", from: tabId });
    stream?.close(); // as leader, its closed state goes to the followers too
    waiting?.abort();
    releaseLock();
    channel?.close();
  }

  return { start, follow, wake, close, role: () => role, connection: () => ({ ...connection, role }) };
}
