// The client benchmark's arithmetic, free of I/O so that stats.test.mjs can check it on made-up
// sessions: medians, ratios against the plan's goals, and the comparison of what the two pages
// showed.

/** The phases of one scripted session, in the order they run. */
export const PHASES = ["firstLoad", "views", "reload", "refresh", "after"];

/** The plan's goals: (a) ÷ (b) at most this much. */
export const GOALS = { requests: 0.5, firstLoadMs: 0.7, reloadMs: 0.7 };

/**
 * The median of numbers: the middle one of an odd count, the mean of the two middle ones of an
 * even count. Values that are not finite numbers are left out; NaN when none is left.
 */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** a ÷ b, NaN when either is not a finite number or b is 0. */
export function ratio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return NaN;
  return a / b;
}

/** "met" when value ≤ limit, "missed" above it, "n/a" when there is no value. */
export function goal(value, limit) {
  if (!Number.isFinite(value)) return "n/a";
  return value <= limit ? "met" : "missed";
}

/** An empty tally of one phase's traffic. */
export function emptyTally() {
  return { requests: 0, bytes: 0, notModified: 0, failed: 0, wsFrames: 0, wsBytes: 0 };
}

/** The sum of tallies, field by field. */
export function addTallies(tallies) {
  const sum = emptyTally();
  for (const tally of tallies) for (const key of Object.keys(sum)) sum[key] += tally[key] ?? 0;
  return sum;
}

/**
 * What stood before the figures in a load's resource timeline ([{path, kind, start, end}], ms
 * from navigation start): how many scripts, when the last of them had arrived, when the first
 * /api/v1 request started. NaN where there is none.
 */
export function loadPath(timeline = []) {
  const scripts = timeline.filter((e) => e.kind === "script");
  const api = timeline.filter((e) => e.path.startsWith("/api/v1/"));
  return {
    scripts: scripts.length,
    scriptsDoneMs: scripts.length ? Math.max(...scripts.map((e) => e.end)) : NaN,
    firstApiMs: api.length ? Math.min(...api.map((e) => e.start)) : NaN,
  };
}

const sum = (values) => (values.length ? values.reduce((x, y) => x + y, 0) : NaN);

/** A session's totals over its phases (the phases' tallies summed). */
export function sessionTotals(session) {
  return addTallies(PHASES.map((phase) => session.phases[phase] ?? emptyTally()));
}

/**
 * The medians of one variant's sessions: each total, each phase's requests and bytes, the two
 * load times (ms from navigation start to the figures), the five view changes' time (summed per
 * session) and the time from a refresh's start to its notice.
 */
export function summarizeVariant(sessions) {
  const totals = sessions.map(sessionTotals);
  const of = (pick) => median(totals.map(pick));
  return {
    sessions: sessions.length,
    requests: of((t) => t.requests),
    bytes: of((t) => t.bytes),
    notModified: of((t) => t.notModified),
    failed: of((t) => t.failed),
    wsFrames: of((t) => t.wsFrames),
    wsBytes: of((t) => t.wsBytes),
    requestsByPhase: Object.fromEntries(
      PHASES.map((phase) => [phase, median(sessions.map((s) => s.phases[phase]?.requests))]),
    ),
    bytesByPhase: Object.fromEntries(
      PHASES.map((phase) => [phase, median(sessions.map((s) => s.phases[phase]?.bytes))]),
    ),
    firstLoadMs: median(sessions.map((s) => s.loadMs?.first)),
    reloadMs: median(sessions.map((s) => s.loadMs?.reload)),
    viewsMs: median(sessions.map((s) => sum(Object.values(s.viewMs ?? {})))),
    firstLoadPath: medianPath(sessions.map((s) => loadPath(s.timelines?.firstLoad))),
    reloadPath: medianPath(sessions.map((s) => loadPath(s.timelines?.reload))),
    noticeMs: median(sessions.map((s) => s.noticeMs)),
  };
}

function medianPath(paths) {
  return {
    scripts: median(paths.map((p) => p.scripts)),
    scriptsDoneMs: median(paths.map((p) => p.scriptsDoneMs)),
    firstApiMs: median(paths.map((p) => p.firstApiMs)),
  };
}

/** Both variants' medians, the ratios client ÷ plain (of the medians) and the goals. */
export function summarize(sessions) {
  const client = summarizeVariant(sessions.filter((s) => s.variant === "client"));
  const plain = summarizeVariant(sessions.filter((s) => s.variant === "plain"));
  const ratios = {
    requests: ratio(client.requests, plain.requests),
    bytes: ratio(client.bytes, plain.bytes),
    firstLoadMs: ratio(client.firstLoadMs, plain.firstLoadMs),
    reloadMs: ratio(client.reloadMs, plain.reloadMs),
    viewsMs: ratio(client.viewsMs, plain.viewsMs),
  };
  const goals = Object.fromEntries(
    Object.entries(GOALS).map(([key, limit]) => [key, goal(ratios[key], limit)]),
  );
  return { client, plain, ratios, goals };
}

/** The keys of a and b on which they differ (a key missing on one side differs). */
export function differences(a, b) {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  return [...keys].filter((key) => (a ?? {})[key] !== (b ?? {})[key]).sort();
}

/**
 * What the pages showed, checked across the sessions of one round, in the order they ran.
 *
 * Each session has snapshots `first` (after its first load) and `end` (after its last step),
 * each {version, figuresVersion, figures: {name: raw value}, panels: {view: digest of its text}}
 * (panels of the first visit of each view, on `first`); figuresVersion is the version of the
 * document the key figures were rendered from, version the one the page's version line shows
 * (the former counts where both are known). The forced refresh of a session gives the
 * organization a new version over the same source data, so:
 * - a session that follows another one in the round starts on the version the other ended on
 *   and shows the same figures and views (the two pages render the same data the same way);
 * - each session ends on a newer version than it started with (it showed the fresh figures);
 * - every snapshot shows the same figures (the source data did not change).
 *
 * Returns a list of problems, empty when every check holds.
 */
export function checkRound(sessions) {
  const problems = [];
  const name = (s) => `round ${s.round} ${s.variant}`;
  const reference = sessions[0]?.first?.figures;
  const version = (snapshot) => (Number.isFinite(snapshot?.figuresVersion) ? snapshot.figuresVersion : snapshot?.version);
  for (const [i, s] of sessions.entries()) {
    if (!Number.isFinite(version(s.first)) || !Number.isFinite(version(s.end))) {
      problems.push(`${name(s)}: no version shown`);
      continue;
    }
    if (!(version(s.end) > version(s.first))) {
      problems.push(`${name(s)}: still version ${version(s.end)} after the refresh (started on ${version(s.first)})`);
    }
    for (const [when, snapshot] of [["first", s.first], ["end", s.end]]) {
      if (Object.keys(snapshot.figures ?? {}).length === 0) {
        problems.push(`${name(s)}: no key figures at ${when}`);
      }
      const changed = differences(reference, snapshot.figures);
      if (changed.length) problems.push(`${name(s)}: figures differ at ${when}: ${changed.join(", ")}`);
    }
    const previous = sessions[i - 1];
    if (!previous) continue;
    if (version(previous.end) !== version(s.first)) {
      problems.push(`${name(s)}: started on version ${version(s.first)}, ${name(previous)} ended on ${version(previous.end)}`);
    }
    const panels = differences(sessions[0].first.panels, s.first.panels);
    if (panels.length) problems.push(`${name(s)}: views show other text than ${name(sessions[0])}: ${panels.join(", ")}`);
  }
  return problems;
}
