#!/usr/bin/env node
// The summary of a JFR recording's execution samples (the CPU profile of the cached GET that
// bench/run.sh records): top frames by self share, and the shares of our code, Jersey, Grizzly,
// Hazelcast, JWT, Payara and the JDK by walking each sample's stack (see profileSummary in
// stats.mjs).
//
//   jfr print --json --events jdk.ExecutionSample --stack-depth 256 REC.jfr > REC.json
//   node bench/load/profile-summary.mjs --json REC.json --title TEXT --out SUMMARY.md
//
// Writes SUMMARY.md and prints the main shares as "key<TAB>value" lines (profile.*), for the
// results file of bench/run.sh.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { profileSummary } from "./stats.mjs";

const { values } = parseArgs({
  options: {
    json: { type: "string" },
    title: { type: "string", default: "JFR profile" },
    out: { type: "string" },
    top: { type: "string", default: "15" },
  },
});
if (!values.json || !values.out) {
  console.error("usage: profile-summary.mjs --json REC.json --out SUMMARY.md [--title TEXT] [--top N]");
  process.exit(2);
}

const events = JSON.parse(readFileSync(values.json, "utf8")).recording.events;
const samples = [];
const threads = new Map();
let truncated = 0;
for (const event of events) {
  if (event.type !== "jdk.ExecutionSample") continue;
  const trace = event.values.stackTrace;
  if (!trace) continue;
  if (trace.truncated) truncated++;
  samples.push(
    trace.frames.map((frame) => ({
      className: String(frame.method.type.name).replaceAll("/", "."),
      method: frame.method.name,
    })),
  );
  // Pool threads by name without their numbers: "http-thread-pool::http-listener(#)".
  const thread = String(event.values.sampledThread?.javaName ?? "?").replace(/\d+/g, "#");
  threads.set(thread, (threads.get(thread) ?? 0) + 1);
}

const summary = profileSummary(samples, { top: Number(values.top) });
const pct = (share) => `${(share * 100).toFixed(1)} %`;
const table = (rows, header) =>
  [`| ${header} | samples | share |`, "| --- | --- | --- |", ...rows.map((r) => `| \`${r.name}\` | ${r.count} | ${pct(r.share)} |`)].join("\n");
const threadRows = [...threads.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8)
  .map(([name, count]) => ({ name, count, share: count / summary.samples }));

const text = `# ${values.title}

${summary.samples} execution samples (\`jdk.ExecutionSample\`, JFR settings \`profile\`); ${truncated} of them with a
stack deeper than the recorded depth (their bottom frames are missing, so inclusive shares are a
lower bound for frames near a thread's start). Shares are of all samples.

## Top frames (self: the method running when sampled)

${table(summary.self, "frame")}

## By library

Self: the running frame's library. Attributed: the first frame from the top that is not the JDK's
(a \`HashMap.get\` called by Jersey counts for Jersey). Inclusive: samples with a frame of that
library anywhere in the stack.

| library | self | attributed | inclusive |
| --- | --- | --- | --- |
${summary.inclusive
  .map((row) => {
    const of = (list) => list.find((entry) => entry.name === row.name)?.share ?? 0;
    return `| ${row.name} | ${pct(of(summary.selfByLibrary))} | ${pct(of(summary.attributed))} | ${pct(row.share)} |`;
  })
  .join("\n")}

## Threads sampled

${table(threadRows, "thread (numbers as #)")}
`;
writeFileSync(values.out, text);

const lines = [["profile.samples", summary.samples], ["profile.truncated", truncated]];
for (const row of summary.attributed) lines.push([`profile.attributed.${row.name}`, row.share.toFixed(4)]);
for (const row of summary.inclusive) lines.push([`profile.inclusive.${row.name}`, row.share.toFixed(4)]);
summary.self.slice(0, 5).forEach((row, i) => lines.push([`profile.self.${i + 1}`, `${row.name} ${pct(row.share)}`]));
console.log(lines.map(([key, value]) => `${key}\t${value}`).join("\n"));
