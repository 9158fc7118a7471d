// The arithmetic of bench/load, free of I/O so that stats.test.mjs can check it on made-up input:
// the schedule of a fixed-rate (open-loop) load, percentiles by nearest rank, and the summary of
// a JFR profile's execution samples.

/**
 * The intended send time of request i (0-based) of a load at `rate` requests per second that
 * starts at `start` (milliseconds): start + i × 1000 ÷ rate. The schedule never looks at answers.
 */
export function intendedAt(start, rate, i) {
  return start + (i * 1000) / rate;
}

/** How many requests are due by `now` (milliseconds) since `start`: ⌊(now − start) × rate ÷ 1000⌋ + 1. */
export function dueBy(start, rate, now) {
  if (now < start) return 0;
  return Math.floor(((now - start) * rate) / 1000) + 1;
}

/**
 * The p-th percentile (0 < p ≤ 100) of sorted numbers by nearest rank: the value at rank
 * ⌈p ÷ 100 × n⌉. NaN for no values.
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Latencies (milliseconds, any order) → { count, p50, p90, p99, max, mean }. */
export function summarize(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const count = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: count ? sorted[count - 1] : NaN,
    mean: count ? sum / count : NaN,
  };
}

/**
 * The library a frame belongs to, by its class name's package; the first matching prefix wins,
 * so the more specific prefixes come first (Jersey and Grizzly are under org.glassfish too). The
 * container's bucket holds the Jakarta API classes (jakarta.*), HK2 and Weld too.
 */
export const LIBRARIES = [
  ["ours", ["com.procurementcache."]],
  ["jersey", ["org.glassfish.jersey."]],
  ["grizzly", ["org.glassfish.grizzly."]],
  ["hazelcast", ["com.hazelcast."]],
  ["jwt/jose", ["com.nimbusds.", "org.jose4j."]],
  ["payara/glassfish", ["fish.payara.", "org.glassfish.", "com.sun.enterprise.", "org.apache.catalina.", "org.apache.coyote.", "com.sun.web.", "org.jboss.weld.", "org.eclipse.yasson.", "org.eclipse.parsson.", "org.jvnet.hk2.", "jakarta."]],
  ["jdk", ["java.", "javax.", "jdk.", "sun.", "com.sun."]],
];

/** The library of a fully qualified class name: one of LIBRARIES' names or "other". */
export function libraryOf(className) {
  for (const [name, prefixes] of LIBRARIES) {
    if (prefixes.some((prefix) => className.startsWith(prefix))) return name;
  }
  return "other";
}

/**
 * The summary of execution samples, each an array of frames from the top (the running method)
 * down, a frame being { className, method }:
 * - self: the top frames, counted per "Class.method", the most frequent first;
 * - selfByLibrary: the top frame's library;
 * - attributed: the library of the first frame from the top that is not the JDK's (so a HashMap
 *   lookup called by Jersey counts for Jersey; "jdk" only when the whole stack is the JDK's);
 * - inclusive: the share of samples with at least one frame of the library anywhere in the stack.
 * Shares are fractions of all samples.
 */
export function profileSummary(samples, { top = 15 } = {}) {
  const total = samples.length;
  const self = new Map();
  const selfByLibrary = new Map();
  const attributed = new Map();
  const inclusive = new Map();
  const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const frames of samples) {
    if (frames.length === 0) continue;
    const head = frames[0];
    bump(self, `${head.className}.${head.method}`);
    bump(selfByLibrary, libraryOf(head.className));
    const owner = frames.find((frame) => libraryOf(frame.className) !== "jdk");
    bump(attributed, owner ? libraryOf(owner.className) : "jdk");
    for (const library of new Set(frames.map((frame) => libraryOf(frame.className)))) {
      bump(inclusive, library);
    }
  }
  const ranked = (map, limit = Infinity) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([name, count]) => ({ name, count, share: total ? count / total : NaN }));
  return {
    samples: total,
    self: ranked(self, top),
    selfByLibrary: ranked(selfByLibrary),
    attributed: ranked(attributed),
    inclusive: ranked(inclusive),
  };
}
