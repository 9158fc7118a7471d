#!/usr/bin/env node
// The client benchmark (docs/benchmarks.md, "Client"): a scripted user session in headless
// Chromium, (a) on the dashboard as shipped (its client: cache, ETags, persistence, push) and
// (b) on the same dashboard over a plain fetch-on-every-view source, in alternating order, a
// number of rounds; per session the /api/v1 requests, their bytes, 304s and the time until the
// key figures show; medians and the ratios (a) ÷ (b). bench/run.sh client starts the node and
// calls this; it can also run against a node started by hand:
//
//   node bench/client/client-bench.mjs --base http://127.0.0.1:8090 --tokens .run/tokens.json \
//        [--organization ID] [--rounds 5] [--warmup 1] [--timeout 900] [--out PREFIX]
//        [--chromium /usr/bin/chromium] [--command TEXT] [--machine TEXT]
//   node bench/client/client-bench.mjs report FILE.json    the page's Markdown of a result
//
// The session is described in session.mjs. The organization (default: the first active one of
// tokens.json) is refreshed once per session with the admin token. Exit status: 0 when every
// check holds (both pages showed the same figures; every session the fresh ones after the
// refresh), 3 when a check failed, 1 on an error or the overall timeout; the result file is
// written in every case.
//
// Loopback only: the node must be on 127.0.0.0/8 or localhost.

import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { markdown, toTsv } from "./report.mjs";
import { runSession, warmServer } from "./session.mjs";
import { checkRound, summarize } from "./stats.mjs";

// The flags that work for headless Chromium on this kind of machine; playwright-core adds a
// fresh profile directory of its own for each launch.
const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const log = (message) =>
  console.error(`${new Date().toISOString().slice(11, 19)} client-bench: ${message}`);

function readOptions(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: "string", default: "http://127.0.0.1:8090" },
      tokens: { type: "string", default: ".run/tokens.json" },
      organization: { type: "string", default: "" },
      rounds: { type: "string", default: "5" },
      warmup: { type: "string", default: "1" },
      timeout: { type: "string", default: "900" },
      chromium: { type: "string", default: "/usr/bin/chromium" },
      command: { type: "string", default: "node bench/client/client-bench.mjs" },
      machine: { type: "string", default: "" },
      out: { type: "string", default: "" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const base = values.base.replace(/\/$/, "");
  const host = new URL(base).hostname;
  if (!(host === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]")) {
    throw new Error(`${base} is not on loopback; this benchmark only loads this machine`);
  }
  const rounds = Number(values.rounds);
  const warmup = Number(values.warmup);
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error("--rounds: a whole number ≥ 1");
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw new Error("--warmup: a whole number ≥ 0");
  return { ...values, positionals, base, rounds, warmup, timeoutMs: Number(values.timeout) * 1000 };
}

async function organizationOf(options) {
  const tokens = JSON.parse(await readFile(options.tokens, "utf8"));
  const organizations = tokens.organizations ?? [];
  const chosen = options.organization
    ? organizations.find((o) => o.id === options.organization)
    : organizations.find((o) => o.viewerToken && o.status === "active");
  if (!chosen?.viewerToken) {
    throw new Error(`no viewer token for organization ${options.organization || "(any)"} in ${options.tokens}`);
  }
  return { id: chosen.id, name: chosen.name, viewer: chosen.viewerToken, admin: tokens.admin };
}

const loadAverage = () => os.loadavg()[0].toFixed(2);

async function measure(options, result) {
  const organization = await organizationOf(options);
  Object.assign(result.run, { organizationId: organization.id, organizationName: organization.name });
  const browser = await chromium.launch({ executablePath: options.chromium, args: CHROMIUM_FLAGS });
  result.run.browserVersion = browser.version();
  const warmUrls = new Set();
  try {
    for (let round = 1 - options.warmup; round <= options.rounds; round++) {
      const order = round % 2 === 0 ? ["plain", "client"] : ["client", "plain"];
      const sessions = [];
      for (const variant of order) {
        await warmServer(warmUrls, organization.viewer);
        log(`round ${round}${round < 1 ? " (warm-up)" : ""}: ${variant} ...`);
        const session = await runSession({
          browser,
          variant,
          round,
          base: options.base,
          token: organization.viewer,
          admin: organization.admin,
          organizationId: organization.id,
        });
        session.urls.forEach((url) => warmUrls.add(url));
        delete session.urls;
        sessions.push(session);
        const phases = Object.entries(session.phases).map(([p, t]) => `${p} ${t.requests}`).join(", ");
        log(`  requests: ${phases}; first load ${Math.round(session.loadMs.first)} ms, reload ${Math.round(session.loadMs.reload)} ms` +
          (session.problems.length ? `; ${session.problems.length} page problem(s): ${session.problems[0]}` : ""));
      }
      if (round < 1) {
        result.warmup.push(...sessions);
        continue;
      }
      result.sessions.push(...sessions);
      result.checks.problems.push(...checkRound(sessions));
    }
  } finally {
    await browser.close();
  }
  result.summary = summarize(result.sessions);
  const pageProblems = result.sessions.flatMap((s) => s.problems.map((p) => `round ${s.round} ${s.variant}: ${p}`));
  result.checks.pageProblems = pageProblems;
  result.status = result.checks.problems.length ? "check-failed" : "ok";
}

async function writeResult(result, out) {
  if (!out) return;
  await writeFile(`${out}.json`, JSON.stringify(result, null, 2) + "\n");
  await writeFile(`${out}.tsv`, toTsv(result));
  log(`result: ${out}.json (and .tsv)`);
}

async function main(argv) {
  const options = readOptions(argv);
  if (options.help) {
    const text = await readFile(new URL(import.meta.url), "utf8");
    console.log(text.split("\n").slice(1).filter((l) => l.startsWith("//")).map((l) => l.slice(3)).join("\n"));
    return 0;
  }
  if (options.positionals[0] === "report") {
    const file = options.positionals[1];
    if (!file) throw new Error("usage: client-bench.mjs report FILE.json");
    console.log(markdown(JSON.parse(await readFile(file, "utf8")), file));
    return 0;
  }
  const { version: playwrightVersion } = JSON.parse(
    await readFile(new URL("./node_modules/playwright-core/package.json", import.meta.url), "utf8"),
  );
  const result = {
    status: "running",
    run: {
      date: new Date().toISOString().slice(0, 10),
      startedAt: new Date().toISOString(),
      command: options.command,
      machine: options.machine,
      base: options.base,
      rounds: options.rounds,
      warmupRounds: options.warmup,
      playwrightVersion,
      loadStart: loadAverage(),
    },
    sessions: [],
    warmup: [],
    checks: { problems: [] },
  };
  let timer;
  const overall = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stopped after ${options.timeoutMs / 1000} s`)), options.timeoutMs);
  });
  try {
    await Promise.race([measure(options, result), overall]);
  } catch (error) {
    result.status = "error";
    result.error = error.message;
    log(`error: ${error.message}`);
  } finally {
    clearTimeout(timer);
    result.run.loadEnd = loadAverage();
    result.run.endedAt = new Date().toISOString();
    await writeResult(result, options.out);
  }
  if (result.status === "error") return 1;
  console.log(markdown(result, options.out ? `${options.out}.json` : "(not written)"));
  return result.status === "ok" ? 0 : 3;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error) => {
    log(error.message);
    process.exit(1);
  },
);
