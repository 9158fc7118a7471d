// The ES modules a page entry reaches through its static and dynamic imports of relative paths.
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

const IMPORTS = /(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]+\s*from\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** Paths relative to `root` of every module reachable from `entry` (an absolute path), entry included. */
export function moduleGraph(root, entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(IMPORTS)) visit(resolve(dirname(file), specifier));
  };
  visit(entry);
  return [...seen].map((file) => relative(root, file).split("\\").join("/")).sort();
}
