// The memory of a node's JVM, read from outside: the resident set (VmRSS, /proc) and the Java
// heap in use right after a full collection (jcmd GC.run, then GC.heap_info). The heap after a
// full collection is what the sessions keep alive; the RSS also counts native buffers and the
// heap the JVM has grown but not given back, so it moves in steps.

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The used heap in bytes from `jcmd PID GC.heap_info` output (every generation summed). */
export function heapUsedBytes(heapInfo) {
  let used = 0;
  let found = false;
  for (const line of heapInfo.split("\n")) {
    if (/metaspace|class space/i.test(line)) continue;
    const m = /total \d+K, used (\d+)K/.exec(line);
    if (m) {
      used += Number(m[1]) * 1024;
      found = true;
    }
  }
  return found ? used : NaN;
}

/** VmRSS in bytes from /proc/PID/status text. */
export function rssBytes(status) {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : NaN;
}

/** { rssBytes, heapBytes } of the JVM with this pid; heapBytes NaN when jcmd is not there. */
export async function sample(pid) {
  let heapBytes = NaN;
  try {
    await run("jcmd", [String(pid), "GC.run"], { timeout: 60_000 });
    const { stdout } = await run("jcmd", [String(pid), "GC.heap_info"], { timeout: 30_000 });
    heapBytes = heapUsedBytes(stdout);
  } catch (error) {
    console.error(`push-bench: jcmd on ${pid} failed (${error.message}); heap not measured`);
  }
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return { rssBytes: rssBytes(status), heapBytes };
}
