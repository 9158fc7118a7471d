import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { moduleGraph } from "./module-graph.mjs";

const WEBAPP = fileURLToPath(new URL("../../../main/webapp/", import.meta.url));

test("index.html preloads exactly the modules its entry reaches", () => {
  const html = readFileSync(`${WEBAPP}index.html`, "utf8");
  const entry = /<script type="module" src="([^"]+)">/.exec(html)[1];
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]).sort();

  const reached = moduleGraph(WEBAPP, `${WEBAPP}${entry}`).filter((path) => path !== entry);

  assert.ok(reached.includes("client/procurement-cache-client.js"), "the graph follows dynamic imports");
  assert.deepEqual(preloaded, reached);
});
