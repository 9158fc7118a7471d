// The campaign's webhook receiver on loopback: POST /hook answers 204 (up), after --slow-ms (slow),
// or nobody listens (down: connection refused). A control port switches the mode and tells what
// arrived: POST /mode/up|down|slow, GET /requests (every request: webhook-id, type, mode, at).
//
//   node receiver.mjs --port 8191 --control-port 8192 [--slow-ms 3000]

import { createServer } from "node:http";
import { args, log } from "./common.mjs";

const a = args();
const port = Number(a.port ?? 8191);
const slowMs = Number(a["slow-ms"] ?? 3000);
let mode = "up";
const requests = [];

const hook = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    let type = null;
    try {
      type = JSON.parse(Buffer.concat(chunks).toString()).type;
    } catch {
      type = "unparsable";
    }
    const entry = { id: request.headers["webhook-id"] ?? null, type, mode, at: new Date().toISOString() };
    requests.push(entry);
    const answer = () => {
      if (!response.destroyed) response.writeHead(204).end();
    };
    if (mode === "slow") setTimeout(answer, slowMs);
    else answer();
  });
});
hook.keepAliveTimeout = 1000;

function listen() {
  return new Promise((resolve) => {
    if (hook.listening) return resolve();
    hook.listen(port, "127.0.0.1", resolve);
  });
}

function unlisten() {
  return new Promise((resolve) => {
    if (!hook.listening) return resolve();
    hook.close(() => resolve());
    hook.closeAllConnections();
  });
}

const control = createServer(async (request, response) => {
  const [, what, value] = request.url.split("/");
  if (request.method === "POST" && what === "mode" && ["up", "down", "slow"].includes(value)) {
    if (value === "down") await unlisten();
    else await listen();
    mode = value;
    log(`receiver: ${mode}`);
    response.writeHead(204).end();
  } else if (request.method === "GET" && what === "requests") {
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(requests));
  } else {
    response.writeHead(404).end();
  }
});

await listen();
control.listen(Number(a["control-port"] ?? 8192), "127.0.0.1", () => log(`receiver on 127.0.0.1:${port} (control ${a["control-port"] ?? 8192})`));
