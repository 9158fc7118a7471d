// The push benchmark's statistics, free of I/O so that stats.test.mjs can check them on made-up
// input: latency percentiles, and what each client should have received against what it got.

/**
 * The p-th percentile (0 < p <= 100) of numbers by the nearest-rank method: the smallest value
 * such that at least p % of the values are at most it. No interpolation, so the figure is always
 * one that was measured. NaN for no values.
 */
export function percentile(values, p) {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile out of (0, 100]: ${p}`);
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1];
}

/** count, p50, p99, max, mean of latencies (ms); NaN where there are none. */
export function summarize(latencies) {
  const count = latencies.length;
  let max = NaN;
  let sum = 0;
  for (const v of latencies) {
    sum += v;
    if (!(v <= max)) max = v;
  }
  return {
    count,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max,
    mean: count === 0 ? NaN : sum / count,
  };
}

/**
 * An ISO-8601 instant as milliseconds since the epoch, keeping the fraction below a millisecond
 * (Date.parse drops it): "2026-11-24T10:00:00.123456Z" → 1795514400123.456. Accepts "Z" or an
 * offset such as "+01:00". NaN for anything else.
 */
export function instantMillis(iso) {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(String(iso));
  if (!m) return NaN;
  const whole = Date.parse(`${m[1]}${m[3]}`);
  const fraction = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + fraction;
}

/**
 * One client's account of the benchmark window.
 *
 * A client subscribed at `subscribedVersion` to `organizationId` must receive every version
 * from subscribedVersion + 1 up to its organization's final version, each once, in order.
 * `received` lists the versions of the cache_invalidation events it got, in arrival order, with
 * the organization each named.
 *
 * Returns the counts: expected, received (events of its organization), lost (expected, never
 * received), duplicated (receipts of a version already received), outOfOrder (receipts of a
 * version lower than one received before, duplicates not counted again), unexpected (versions
 * outside the expected range) and foreign (events of another organization), plus the lost
 * versions themselves.
 */
export function account(client, finalVersion) {
  const from = client.subscribedVersion + 1;
  const expected = Math.max(0, finalVersion - client.subscribedVersion);
  const seen = new Set();
  let received = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let unexpected = 0;
  let foreign = 0;
  let highest = -Infinity;
  for (const event of client.received) {
    if (event.organizationId !== client.organizationId) {
      foreign++;
      continue;
    }
    received++;
    if (seen.has(event.version)) {
      duplicated++;
      continue;
    }
    seen.add(event.version);
    if (event.version < highest) outOfOrder++;
    highest = Math.max(highest, event.version);
    if (event.version < from || event.version > finalVersion) unexpected++;
  }
  const lostVersions = [];
  for (let v = from; v <= finalVersion; v++) {
    if (!seen.has(v)) lostVersions.push(v);
  }
  return {
    expected,
    received,
    lost: lostVersions.length,
    duplicated,
    outOfOrder,
    unexpected,
    foreign,
    lostVersions,
  };
}

/**
 * The sums of account() over all clients. `finalVersions` maps organization id → the final
 * version (absent: the client expects nothing past its subscribed version). Also returns up to
 * `sampleSize` examples of clients that lost events, for the log.
 */
export function tally(clients, finalVersions, sampleSize = 5) {
  const totals = {
    clients: clients.length,
    expected: 0,
    received: 0,
    lost: 0,
    duplicated: 0,
    outOfOrder: 0,
    unexpected: 0,
    foreign: 0,
    clientsWithLoss: 0,
  };
  const lostSample = [];
  for (const client of clients) {
    const finalVersion = finalVersions.get(client.organizationId) ?? client.subscribedVersion;
    const a = account(client, finalVersion);
    for (const key of [
      "expected",
      "received",
      "lost",
      "duplicated",
      "outOfOrder",
      "unexpected",
      "foreign",
    ]) {
      totals[key] += a[key];
    }
    if (a.lost > 0) {
      totals.clientsWithLoss++;
      if (lostSample.length < sampleSize) {
        lostSample.push({
          client: client.id,
          organizationId: client.organizationId,
          node: client.node,
          subscribedVersion: client.subscribedVersion,
          finalVersion,
          lostVersions: a.lostVersions.slice(0, 10),
        });
      }
    }
  }
  return { ...totals, lostSample };
}

/**
 * Whether every client has received every version up to its organization's final one: the
 * benchmark waits for this (or its settle time) before it counts.
 */
export function allCaughtUp(clients, finalVersions) {
  return clients.every((client) => {
    const finalVersion = finalVersions.get(client.organizationId) ?? client.subscribedVersion;
    const have = new Set();
    for (const event of client.received) {
      if (event.organizationId === client.organizationId) have.add(event.version);
    }
    for (let v = client.subscribedVersion + 1; v <= finalVersion; v++) {
      if (!have.has(v)) return false;
    }
    return true;
  });
}

/** The growth of a figure per `per` sessions: (after − before) ÷ sessions × per. */
export function perSessions(before, after, sessions, per = 1000) {
  if (!(sessions > 0)) return NaN;
  return ((after - before) / sessions) * per;
}

/**
 * The latencies (ms) of the first receipt of each expected version at each client: a duplicate
 * or a version outside (subscribedVersion, final] is counted by tally(), not timed here.
 * Returns [{ node, latencyMs, organizationId, changedAt }].
 */
export function latencies(clients, finalVersions) {
  const out = [];
  for (const client of clients) {
    const finalVersion = finalVersions.get(client.organizationId) ?? client.subscribedVersion;
    const seen = new Set();
    for (const event of client.received) {
      if (event.organizationId !== client.organizationId || seen.has(event.version)) continue;
      seen.add(event.version);
      if (event.version > client.subscribedVersion && event.version <= finalVersion) {
        out.push({
          node: client.node,
          latencyMs: event.latencyMs,
          organizationId: event.organizationId,
          changedAt: event.changedAt,
        });
      }
    }
  }
  return out;
}

/**
 * Where the slow events are: per organization, in the order its change was written (its place in
 * the refresh), the worst latency at any of its clients. Returns [{ place, organizationId, maxMs }].
 */
export function byCommitOrder(timed) {
  const worst = new Map();
  for (const t of timed) {
    const o = worst.get(t.organizationId) ?? { changedAt: t.changedAt, maxMs: -Infinity };
    o.maxMs = Math.max(o.maxMs, t.latencyMs);
    worst.set(t.organizationId, o);
  }
  return [...worst.entries()]
    .sort((a, b) => a[1].changedAt - b[1].changedAt)
    .map(([organizationId, o], i) => ({ place: i + 1, organizationId, maxMs: o.maxMs }));
}

/**
 * A duration of the nodes' Prometheus text, a counter of seconds summed ({seconds}) beside the
 * counter of what it measured ({count}, summed over its labels): the count and the mean in ms.
 */
export function serverTimer(prometheusText, seconds, count) {
  const sum = (name) =>
    [...prometheusText.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "gm"))].reduce(
      (total, m) => total + Number(m[1]),
      0,
    );
  const n = sum(count);
  return { count: n, meanMs: (sum(seconds) / n) * 1000 };
}
