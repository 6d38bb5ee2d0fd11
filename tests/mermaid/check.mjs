// Parse Mermaid diagrams with the real Mermaid parser, offline.
// Usage: node check.mjs FILE...   Prints one JSON line per file: {"file", "ok", "type", "error"}.
// Exit 0 when every file parses, 1 when one does not, 2 when the parser cannot be loaded.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

// Mermaid's sanitizer (DOMPurify) needs a DOM: give it jsdom's window.
const { window } = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = window;
globalThis.document = window.document;
globalThis.DOMParser = window.DOMParser;
globalThis.Element = window.Element;
globalThis.HTMLElement = window.HTMLElement;

let mermaid;
try {
  mermaid = (await import("mermaid")).default;
  mermaid.initialize({ startOnLoad: false });
} catch (err) {
  console.error(`cannot load mermaid: ${err.message}`);
  process.exit(2);
}

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  try {
    const result = await mermaid.parse(text);
    console.log(JSON.stringify({ file, ok: true, type: result.diagramType, error: null }));
  } catch (err) {
    failed += 1;
    const message = String(err && err.message ? err.message : err).split("\n").join(" ");
    console.log(JSON.stringify({ file, ok: false, type: null, error: message }));
  }
}
process.exit(failed ? 1 : 0);
