// The client benchmark's result as docs/benchmarks.md shows it, rendered from the JSON alone
// (the TSV is the same flattened, as for the push benchmark).

import { GOALS, PHASES } from "./stats.mjs";

import { toTsv as flatTsv } from "../push/report.mjs";

/**
 * The result as "key<TAB>value" lines: the run, the summary, the checks and each session's
 * counts and times (its request log and resource timelines stay in the JSON).
 */
export function toTsv(result) {
  const sessions = (result.sessions ?? []).map(({ variant, round, phases, loadMs, viewMs, afterMs, noticeMs }) => ({
    variant,
    round,
    phases,
    loadMs,
    viewMs,
    afterMs,
    noticeMs,
  }));
  const { status, error, run, summary, checks } = result;
  return flatTsv({ status, error, run, summary, checks, sessions });
}

const fixed = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");
const count = (v) => (Number.isFinite(v) ? v.toLocaleString("en-US") : "n/a");
const ms = (v) => (Number.isFinite(v) ? `${Math.round(v)} ms` : "n/a");
const kib = (v) => (Number.isFinite(v) ? `${(v / 1024).toFixed(1)} KiB` : "n/a");

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const PHASE_LABELS = {
  firstLoad: "first load (open the dashboard, until the figures show and the page is quiet)",
  views: "five view changes (cogs → suppliers → products → price-alerts → overview)",
  reload: "reload",
  refresh: "forced refresh (client: notice, Refresh Now; plain: nothing to click)",
  after: "two view changes after it (cogs → overview)",
};

/** The table of medians, one row per figure, client | plain | ratio | goal. */
function table(summary) {
  const { client: a, plain: b, ratios, goals } = summary;
  const row = (label, va, vb, r, g = "") => `| ${label} | ${va} | ${vb} | ${r} | ${g} |`;
  const goalText = (key) => `≤ ${GOALS[key]}: ${goals[key]}`;
  return [
    "| per session (median) | (a) client | (b) plain | (a) ÷ (b) | goal |",
    "| --- | --- | --- | --- | --- |",
    row("HTTP requests to `/api/v1`", `**${count(a.requests)}**`, `**${count(b.requests)}**`, `**${fixed(ratios.requests, 2)}**`, goalText("requests")),
    ...PHASES.map((phase) =>
      row(`… in ${PHASE_LABELS[phase]}`, count(a.requestsByPhase[phase]), count(b.requestsByPhase[phase]), ""),
    ),
    row("of which 304 Not Modified", count(a.notModified), count(b.notModified), ""),
    row("of which aborted by the page or failed", count(a.failed), count(b.failed), ""),
    row("bytes received for them (headers + bodies)", kib(a.bytes), kib(b.bytes), fixed(ratios.bytes, 2)),
    row("WebSocket frames received (bytes)", `${count(a.wsFrames)} (${kib(a.wsBytes)})`, `${count(b.wsFrames)} (${kib(b.wsBytes)})`, ""),
    row("first load: navigation start → figures shown", `**${ms(a.firstLoadMs)}**`, `**${ms(b.firstLoadMs)}**`, `**${fixed(ratios.firstLoadMs, 2)}**`, goalText("firstLoadMs")),
    row("reload: navigation start → figures shown", `**${ms(a.reloadMs)}**`, `**${ms(b.reloadMs)}**`, `**${fixed(ratios.reloadMs, 2)}**`, goalText("reloadMs")),
    row("five view changes: click → last API answer, summed", ms(a.viewsMs), ms(b.viewsMs), fixed(ratios.viewsMs, 2)),
    row("first load: scripts loaded (the last one arrived at)", `${count(a.firstLoadPath?.scripts)} (${ms(a.firstLoadPath?.scriptsDoneMs)})`, `${count(b.firstLoadPath?.scripts)} (${ms(b.firstLoadPath?.scriptsDoneMs)})`, ""),
    row("first load: first API request sent at", ms(a.firstLoadPath?.firstApiMs), ms(b.firstLoadPath?.firstApiMs), ""),
  ].join("\n");
}

/** What goes between the page's markers: a sentence on the run, the table, the checks. */
export function markdown(r, source) {
  const s = r.summary ?? {};
  const checks = r.checks?.problems ?? [];
  const notice = r.summary?.client?.noticeMs;
  return [
    `<!-- Rendered by bench/run.sh client from ${source}; a new run replaces everything between these markers. -->`,
    "",
    `Measured on ${r.run.date} with \`${r.run.command}\`: ${plural(r.run.rounds, "round")} (after ${r.run.warmupRounds} ` +
      `unmeasured), each one session (a) and one session (b), in alternating order, against the node on ${r.run.base}; ` +
      `organization \`${r.run.organizationId}\` (${r.run.organizationName ?? "n/a"}), viewer token.`,
    `Browser: Chromium ${r.run.browserVersion} (headless, driven by playwright-core ${r.run.playwrightVersion}), a fresh context per session.`,
    `Machine: ${r.run.machine}; load average ${r.run.loadStart} at the start, ${r.run.loadEnd} at the end.`,
    "",
    s.client ? table(s) : "(no summary: the run stopped)",
    "",
    `From the forced refresh's start to the notice in (a): ${ms(notice)} (median).`,
    checks.length
      ? `Checks: **${checks.length} problem(s)**: ${checks.join("; ")}.`
      : "Checks: both pages showed the same key figures, views and versions in every round, and each session the fresh version after the refresh.",
  ].join("\n");
}
