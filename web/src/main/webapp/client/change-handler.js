// What the server's change-stream messages mean for this tab: the last handled version per
// organization, invalidation of the cache, the latest refresh status, and the listeners.
// Every tab runs every server message through here, whether it owns the socket or not, so that
// any tab can take over the socket and resume from versions it has handled itself.

function report(error) {
  queueMicrotask(() => {
    throw error;
  });
}

class Listeners {
  #byOrganization = new Map();

  add(organizationId, listener) {
    let set = this.#byOrganization.get(organizationId);
    if (!set) this.#byOrganization.set(organizationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size && this.#byOrganization.get(organizationId) === set) this.#byOrganization.delete(organizationId);
    };
  }

  has(organizationId, listener) {
    return this.#byOrganization.get(organizationId)?.has(listener) ?? false;
  }

  emit(organizationId, value) {
    for (const listener of [...(this.#byOrganization.get(organizationId) ?? [])]) {
      try {
        listener(value);
      } catch (error) {
        report(error);
      }
    }
  }
}

function statusOf(message) {
  const status = {
    organizationId: message.organizationId,
    state: message.state,
    organizationState: message.organizationState,
    runId: message.runId ?? null,
    at: message.at ?? null,
  };
  if (message.organizationsDone !== undefined) status.organizationsDone = message.organizationsDone;
  if (message.organizationsTotal !== undefined) status.organizationsTotal = message.organizationsTotal;
  return status;
}

/**
 * @param {object} o
 * @param {{invalidate:Function}} o.cache
 * @param {()=>object} o.store the persistence in use
 */
export function createChangeHandler({ cache, store }) {
  const versions = new Map();
  const statuses = new Map();
  const changeListeners = new Listeners();
  const statusListeners = new Listeners();

  function setVersion(organizationId, version) {
    versions.set(organizationId, version);
    store().saveVersions(Object.fromEntries(versions));
  }

  /** Versions saved by an earlier page of this tab: the socket resumes from them. */
  function restore(saved) {
    for (const [organizationId, version] of Object.entries(saved ?? {})) {
      if (Number.isInteger(version) && !versions.has(organizationId)) versions.set(organizationId, version);
    }
  }

  function onInvalidation(m) {
    const last = versions.get(m.organizationId);
    if (last !== undefined && m.version <= last) return; // handled already (or a node behind)
    // A version we cannot connect to the last one means changes we never saw: drop it all.
    const gap = last === undefined || m.version > last + 1;
    cache.invalidate({ organizationId: m.organizationId, dataTypes: gap ? undefined : m.dataTypes ?? undefined });
    setVersion(m.organizationId, m.version);
    changeListeners.emit(m.organizationId, m);
  }

  /** One server message of the change stream. */
  function handle(m) {
    if (!m || typeof m.organizationId !== "string") return;
    switch (m.type) {
      case "subscribed":
        // With a lastVersion the replay (or a resync) follows and moves the version itself.
        if (!versions.has(m.organizationId) && Number.isInteger(m.version)) setVersion(m.organizationId, m.version);
        break;
      case "cache_invalidation":
        if (Number.isInteger(m.version)) onInvalidation(m);
        break;
      case "resync": {
        cache.invalidate({ organizationId: m.organizationId });
        const last = versions.get(m.organizationId);
        if (Number.isInteger(m.version)) setVersion(m.organizationId, Math.max(last ?? 0, m.version));
        break;
      }
      case "refresh_status": {
        const status = statusOf(m);
        statuses.set(m.organizationId, status);
        statusListeners.emit(m.organizationId, status);
        break;
      }
      default:
      // Newer message types: ignored, as the protocol asks.
    }
  }

  /**
   * What another tab (the socket's owner) has handled. A version above ours means events this
   * tab has not seen: everything of that organization is invalidated before it is taken over.
   */
  function adopt({ versions: theirs = {}, statuses: theirStatuses = {} } = {}) {
    for (const [organizationId, version] of Object.entries(theirs)) {
      const mine = versions.get(organizationId);
      if (!Number.isInteger(version) || (mine !== undefined && version <= mine)) continue;
      cache.invalidate({ organizationId });
      setVersion(organizationId, version);
    }
    for (const [organizationId, status] of Object.entries(theirStatuses)) {
      if (statuses.has(organizationId)) continue;
      statuses.set(organizationId, status);
      statusListeners.emit(organizationId, status);
    }
  }

  /** A follower's versions of organizations this tab has never followed: where to resume them. */
  function adoptUnknown(theirs = {}) {
    for (const [organizationId, version] of Object.entries(theirs)) {
      if (Number.isInteger(version) && !versions.has(organizationId)) setVersion(organizationId, version);
    }
  }

  function onRefreshStatus(organizationId, listener) {
    // The latest status comes at once (in a microtask), unless a newer one got there first.
    let heard = false;
    const wrapped = (status) => {
      heard = true;
      listener(status);
    };
    const off = statusListeners.add(organizationId, wrapped);
    queueMicrotask(() => {
      if (heard || !statuses.has(organizationId) || !statusListeners.has(organizationId, wrapped)) return;
      try {
        wrapped(statuses.get(organizationId));
      } catch (error) {
        report(error);
      }
    });
    return off;
  }

  return {
    handle,
    restore,
    adopt,
    adoptUnknown,
    lastVersion: (organizationId) => versions.get(organizationId),
    versions: () => Object.fromEntries(versions),
    statuses: () => Object.fromEntries(statuses),
    onChange: (organizationId, listener) => changeListeners.add(organizationId, listener),
    onRefreshStatus,
  };
}
