// Keeps documents and the last handled versions in a sessionStorage-like store, so that a reload
// shows the cached data at once and the change stream resumes where it stopped. Everything lives
// under a namespace derived from the token's identity: another user in the same tab never sees it.

/** The token's identity (issuer + subject) as a short stable hash; the namespace of all keys. */
export function identityHash(token) {
  let claims = null;
  try {
    const payload = String(token).split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    claims = JSON.parse(atob(payload + "=".repeat((4 - (payload.length % 4)) % 4)));
  } catch {
    // Not a JWT: the token string itself is the identity.
  }
  const identity = claims && (claims.sub || claims.iss) ? `${claims.iss ?? ""}\n${claims.sub ?? ""}` : `token\n${token}`;
  return fnv1a(identity, 0x811c9dc5) + fnv1a(identity, 0x01000193);
}

// FNV-1a, 32 bits; two seeds make a 64-bit name. A namespace, not a secret: no crypto needed.
function fnv1a(text, seed) {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** Persistence that keeps nothing: no storage given, or the identity not known yet. */
export const NO_PERSISTENCE = Object.freeze({
  loadEntries: () => [],
  saveEntry: () => {},
  removeEntry: () => {},
  loadVersions: () => ({}),
  saveVersions: () => {},
});

/**
 * @param {object} o
 * @param {Storage|null} o.storage getItem / setItem / removeItem
 * @param {string} o.namespace
 * @param {number} [o.maxEntryChars] documents larger than this are not kept (about 200 kB)
 */
export function createPersistence({ storage, namespace, maxEntryChars = 200_000 }) {
  if (!storage) return NO_PERSISTENCE;
  const indexKey = `${namespace}.index`;
  const versionsKey = `${namespace}.versions`;
  const entryKey = (key) => `${namespace}.q.${key}`;

  function read(key) {
    try {
      const text = storage.getItem(key);
      return text === null || text === undefined ? undefined : JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  // Query key → updatedAt of what is stored: what to drop first when the store is full.
  let index = read(indexKey);
  if (!index || typeof index !== "object") index = {};

  function dropOldest(except) {
    let oldest = null;
    for (const [key, updatedAt] of Object.entries(index)) {
      if (key !== except && (oldest === null || updatedAt < index[oldest])) oldest = key;
    }
    if (oldest === null) return false;
    delete index[oldest];
    try {
      storage.removeItem(entryKey(oldest));
    } catch {
      // Nothing more to do about a store that refuses even that.
    }
    return true;
  }

  // Writes, dropping the oldest documents while the store says it is full.
  function write(key, text, except) {
    for (;;) {
      try {
        storage.setItem(key, typeof text === "function" ? text() : text);
        return true;
      } catch {
        if (!dropOldest(except)) return false;
      }
    }
  }

  const writeIndex = () => write(indexKey, () => JSON.stringify(index), null);

  function removeEntry(key) {
    const known = key in index;
    delete index[key];
    try {
      storage.removeItem(entryKey(key));
    } catch {
      // A store that cannot remove cannot be helped.
    }
    if (known) writeIndex();
  }

  function saveEntry(record) {
    let text;
    try {
      text = JSON.stringify(record);
    } catch {
      return;
    }
    if (text.length > maxEntryChars) {
      removeEntry(record.key); // an older, smaller copy must not come back after a reload
      return;
    }
    if (write(entryKey(record.key), text, record.key)) {
      index[record.key] = record.updatedAt;
    } else {
      delete index[record.key];
    }
    writeIndex();
  }

  function loadEntries() {
    const records = [];
    let changed = false;
    for (const key of Object.keys(index)) {
      const record = read(entryKey(key));
      if (record && record.key === key) records.push(record);
      else {
        delete index[key];
        changed = true;
      }
    }
    if (changed) writeIndex();
    return records;
  }

  function loadVersions() {
    const versions = read(versionsKey);
    return versions && typeof versions === "object" ? versions : {};
  }

  function saveVersions(versions) {
    write(versionsKey, JSON.stringify(versions), null);
  }

  return { loadEntries, saveEntry, removeEntry, loadVersions, saveVersions };
}
