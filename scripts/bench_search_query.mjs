// Bytes a reader's first search downloads: serves a built site (argv[2]) on loopback, opens
// /search/?q=WORD (argv[3]) in Debian's chromium and sums what came from pagefind/ until the
// first results show. Prints "<bytes> in <files> files (<results> results)", how long the first
// results took to show, the index's shards, and the time of a second query (argv[4], default
// "alliance") run in the page through the same Pagefind instance, its ten first results loaded.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join, normalize, extname } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(new URL("../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const [site, query] = process.argv.slice(2);
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
const server = createServer(async (req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (path.endsWith("/")) path += "index.html";
  try {
    const body = await readFile(join(site, path));
    res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
let bytes = 0;
let files = 0;
page.on("response", async (r) => {
  if (!r.url().includes("/pagefind/")) return;
  const body = await r.body().catch(() => Buffer.alloc(0));
  bytes += body.length;
  files += 1;
});
const started = Date.now();
await page.goto(`http://127.0.0.1:${server.address().port}/search/?q=${encodeURIComponent(query)}`);
await page.locator(".search-result").first().waitFor({ timeout: 60000 });
const firstMs = Date.now() - started;
await page.waitForLoadState("networkidle");
const results = await page.locator("#search-status").innerText();
const second = await page.evaluate(async (q) => {
  const bundle = document.getElementById("search-form").dataset.bundle;
  const pagefind = await import(bundle + "pagefind.js"); // the instance search.js set up
  const shards = await fetch(bundle + "shards.json").then((r) => (r.ok ? r.json() : [])).catch(() => []);
  const t = performance.now();
  const search = await pagefind.search(q);
  await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return { ms: performance.now() - t, n: search.results.length, shards: shards.length + 1 };
}, process.argv[4] ?? "alliance");
console.log(
  `${(bytes / 1024).toFixed(0)} KiB in ${files} files (${results.trim()}), first results after ${firstMs} ms; ` +
    `${second.shards} shard(s); a second query: ${second.ms.toFixed(0)} ms (${second.n} results)`,
);
await browser.close();
server.close();
