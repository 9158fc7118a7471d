// The push benchmark's result as files and as docs/benchmarks.md shows it: a JSON document, the
// same flattened to "key<TAB>value" lines (like bench/run.sh's results files), and the Markdown
// of the page's Push table, rendered from the JSON alone.

/** { a: { b: 1 } } → [["a.b", "1"]]; arrays and nulls as JSON text. */
export function flatten(value, prefix = "") {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [[prefix, typeof value === "string" ? value : JSON.stringify(value)]];
  }
  return Object.entries(value).flatMap(([key, inner]) =>
    flatten(inner, prefix ? `${prefix}.${key}` : key),
  );
}

export function toTsv(result) {
  return (
    flatten(result)
      .map(([key, value]) => `${key}\t${String(value).replace(/[\t\n]/g, " ")}`)
      .join("\n") + "\n"
  );
}

const ms = (v) => (Number.isFinite(v) ? v.toFixed(1) : "n/a");
const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(1)} MiB` : "n/a");
const count = (v) => (Number.isFinite(v) ? v.toLocaleString("en-US") : "n/a");

export const TABLE_HEADER = [
  "| date | clients (per node) | organizations (active) | events expected / received | lost | duplicated | p50 ms | p99 ms | max ms | p99 on the refreshing node / the other | heap per 1,000 sessions | RSS per 1,000 sessions | p99 ≤ 100 ms |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
].join("\n");

/** The table row of one result (the line the page keeps per run). */
export function markdownRow(r) {
  const e = r.events ?? {};
  const l = r.latency?.all ?? {};
  const byNode = r.latency?.byNode ?? [];
  const refreshing = r.refresh?.node ?? 0;
  const other = byNode.find((_, i) => i !== refreshing);
  const perNode = r.run.nodes.length ? Math.round(r.run.clients / r.run.nodes.length) : "n/a";
  const p99Goal = Number.isFinite(l.p99) ? (l.p99 <= 100 ? "met" : "missed") : "n/a";
  return (
    `| ${r.run.date} | ${count(r.run.clients)} (${perNode}) | ${r.run.organizations} (${r.run.activeOrganizations})` +
    ` | ${count(e.expected)} / ${count(e.received)} | **${count(e.lost)}** | **${count(e.duplicated)}**` +
    ` | ${ms(l.p50)} | **${ms(l.p99)}** | ${ms(l.max)} | ${ms(byNode[refreshing]?.p99)} / ${ms(other?.p99)}` +
    ` | ${mib(r.memory?.heapPer1000Sessions)} | ${mib(r.memory?.rssPer1000Sessions)} | ${p99Goal} |`
  );
}

/** What goes between the page's markers: a sentence on the run, the table, the checks. */
export function markdown(r, source) {
  const e = r.events ?? {};
  const checks = [
    `out of order ${count(e.outOfOrder)}`,
    `outside the expected versions ${count(e.unexpected)}`,
    `of another organization ${count(e.foreign)}`,
    `resyncs ${count(r.sessions?.resyncs)}`,
    `sessions closed by the server ${count(r.sessions?.closedEarly)}`,
    `clients that could not subscribe ${count(r.sessions?.failed)}`,
  ].join(", ");
  const f = r.finalVersions ?? {};
  return [
    `<!-- Rendered by bench/run.sh push from ${source}; a new run replaces everything between these markers. -->`,
    "",
    `Measured on ${r.run.date} with \`${r.run.command}\`: ${count(r.run.clients)} clients on ` +
      `${r.run.nodes.length} nodes (${r.run.nodes.join(", ")}),`,
    `a forced refresh started on ${r.run.nodes[r.refresh?.node ?? 0]} ` +
      `(run ${r.refresh?.status ?? "n/a"} after ${ms(r.refresh?.seconds)} s; all clients had all their events at most ` +
      `${ms(f.caughtUpAfterRunSeconds)} s after that).`,
    `Final versions from ${f.source ?? "n/a"}; the nodes' own versions afterwards ` +
      `${f.nodesAgree ? "were the same" : "were NOT the same"}.`,
    "Memory: the Java heap after a full collection (`jcmd GC.run`) and the RSS of the nodes,",
    "before and after the clients subscribed.",
    `Machine: ${r.run.machine}; load average ${r.run.loadStart} at the start, ${r.run.loadEnd} at the end.`,
    "",
    TABLE_HEADER,
    markdownRow(r),
    "",
    `Checks (all must be 0): ${checks}.`,
  ].join("\n");
}
