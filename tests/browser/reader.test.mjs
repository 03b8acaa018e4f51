// Real-browser test of what a reader gets from the default theme: Debian's chromium, driven by
// playwright-core, with axe-core for accessibility.
//
// usage: DOSSIER=path/to/dossier [SCREENSHOT_DIR=dir] node reader.test.mjs
//        (DOSSIER defaults to target/release/dossier of this repository)
//
// Builds the bundled site with `dossier build --base-url http://127.0.0.1:PORT/briefs/` into
// <tmp>/briefs/ and serves <tmp> with a small static server written here, so the site lives
// under the /briefs/ sub-path as on GitHub Pages. The build uses the bundled site-config.toml
// with `[search] shard_pages = 4`, so search merges several index shards as on a large site.
// Then:
//   - a reader's journey: home → a topic → a passage link (lands on its #p-N in the document,
//     in view and :target) → the document → the timeline;
//   - the keyboard: the skip link is the first tab stop, visible when focused, and jumps to main;
//   - every page renders with JavaScript off and fits a 360 px wide screen;
//   - axe-core on home, a document, a topic, the topics index, the timeline and the archive
//     (and the search page, once there is one), light and dark, at 390 and 1280 px: no serious or
//     critical violations (all violations are printed, whatever their impact);
//   - print: on a topic page the site header and navigation are hidden and links print their URL;
//   - no console errors, no failed requests (or status >= 400) and no request leaving the site
//     on any page visited;
//   - full-page screenshots of home, a topic and a document at 390 and 1280 px, light and dark,
//     into SCREENSHOT_DIR (default tests/browser/screenshots/, git-ignored).
// Prints "N passed, M failed" and exits non-zero on any failure.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { checker, launchChromium } from "./harness.mjs";

const started = Date.now();
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const dossier = process.env.DOSSIER || join(repo, "target", "release", "dossier");
const screenshotDir = resolve(process.env.SCREENSHOT_DIR || join(here, "screenshots"));
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TIMEOUT = 30_000;

// ---------------------------------------------------------------------------------------------
// The static server: <tmp> as it would sit on a static host, content types included.

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  // Pagefind's own files: fragments, indexes and metadata are binary.
  ".pf_fragment": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_meta": "application/octet-stream",
  ".pagefind": "application/octet-stream",
};

const root = mkdtempSync(join(tmpdir(), "dossier-reader-"));
const server = createServer((req, res) => {
  const notFound = () => {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("not found\n");
  };
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" });
    return res.end();
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  } catch {
    return notFound();
  }
  let file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return notFound();
  if (existsSync(file) && statSync(file).isDirectory()) {
    if (!path.endsWith("/")) {
      res.writeHead(301, { location: `${path}/` });
      return res.end();
    }
    file = join(file, "index.html");
  }
  if (!existsSync(file) || !statSync(file).isFile()) return notFound();
  const body = readFileSync(file);
  res.writeHead(200, {
    "content-type": TYPES[extname(file).toLowerCase()] || "application/octet-stream",
    "content-length": body.length,
  });
  res.end(req.method === "HEAD" ? undefined : body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const base = `${origin}/briefs/`;
const site = join(root, "briefs");

// The bundled configuration, with the search index cut into shards of a few pages.
const siteRoot = join(root, "site-root");
mkdirSync(siteRoot);
writeFileSync(join(siteRoot, "site-config.toml"), shardedConfig(readFileSync(join(repo, "site-config.toml"), "utf8")));
function shardedConfig(config) {
  return /^\[search\]$/m.test(config)
    ? config.replace(/^\[search\]$/m, "[search]\nshard_pages = 4")
    : `${config}\n[search]\nshard_pages = 4\n`;
}
const build = spawnSync(
  dossier,
  ["build", "--root", siteRoot, "--content", join(repo, "content"), "--base-url", base, "--output", site],
  { encoding: "utf8" },
);
if (build.status !== 0) {
  server.close();
  throw new Error(`dossier build failed (${build.status}):\n${build.stdout}${build.stderr}`);
}
console.log(build.stdout.trim());
const hasSearch = existsSync(join(site, "search", "index.html"));

// ---------------------------------------------------------------------------------------------
// Checks, and what every page visited must not do.

const { check, counts } = checker();
let skipped = 0;
function skip(name, why) {
  skipped++;
  console.log(`ok - ${name} # SKIP ${why}`);
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const problems = []; // {page, what}
const visited = new Set();
// Follows a page: console errors, uncaught exceptions, failed requests, error statuses and any
// request that leaves the site (fonts, CDNs, trackers).
function track(page) {
  const where = () => page.url();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push({ page: where(), what: `console error: ${m.text()}` });
  });
  page.on("pageerror", (e) => problems.push({ page: where(), what: `uncaught: ${e.message}` }));
  page.on("requestfailed", (r) =>
    problems.push({ page: where(), what: `request failed: ${r.url()} (${r.failure()?.errorText})` }),
  );
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(`${origin}/`) && !u.startsWith("data:") && !u.startsWith("about:"))
      problems.push({ page: where(), what: `request leaves the site: ${u}` });
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push({ page: where(), what: `HTTP ${r.status()}: ${r.url()}` });
  });
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) visited.add(f.url().split("#")[0]);
  });
  page.setDefaultTimeout(TIMEOUT);
  return page;
}

// The pages under test, found from the built site rather than hard-coded slugs (the bundled
// content may change): the first document and the first topic with quoted passages.
const home = base;
const firstDoc = await firstHref(join(site, "index.html"), /<h3><a href="([^"]+)">/);
const topicPage = await topicWithPassages();
const pages = {
  home,
  document: `${origin}${firstDoc}`,
  topic: `${origin}${topicPage}`,
  topics: `${base}topics/`,
  timeline: `${base}timeline/`,
  archive: `${base}archive/`,
  ...(hasSearch ? { search: `${base}search/` } : {}),
};

async function firstHref(file, re) {
  const m = readFileSync(file, "utf8").match(re);
  if (!m) throw new Error(`no match for ${re} in ${file}`);
  return m[1];
}
async function topicWithPassages() {
  const index = readFileSync(join(site, "topics", "index.html"), "utf8");
  for (const [, href] of index.matchAll(/<li><a href="([^"]+)">/g)) {
    const file = join(root, decodeURIComponent(href), "index.html");
    if (existsSync(file) && readFileSync(file, "utf8").includes('class="passage-link"')) return href;
  }
  throw new Error("no topic page quotes a passage");
}

// Runs axe-core in the page; returns its violations.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axeSource });
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  });
}
function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 8)
          .map((n) => `      at ${n.target}\n        ${n.summary.split("\n").join("\n        ")}`)
          .join("\n") +
        (v.nodes.length > 8 ? `\n      ... and ${v.nodes.length - 8} more` : ""),
    )
    .join("\n    ");
}

// ---------------------------------------------------------------------------------------------
// Search.

// A reader types a name into the header's search box on the home page: the form sends them to
// /search/?q=…, Pagefind's index (loaded under /briefs/pagefind/) lists the document that names
// it, with its date, topics and a highlighted excerpt; following the result opens the document.
// Then a topic filter narrows the results to that topic. Prints what the first query downloaded.
const SEARCH_NAME = "Armitage";
const SEARCH_SLUG = "armitage";
async function checkSearch(browser) {
  void browser;
  const page = await newPage();
  let bytes = 0;
  const files = [];
  page.on("response", async (r) => {
    if (!r.url().includes("/pagefind/")) return;
    const body = await r.body().catch(() => Buffer.alloc(0));
    bytes += body.length;
    files.push(`${r.url().split("/pagefind/")[1].split("?")[0]} ${body.length}`);
  });
  await page.goto(home);
  await page.locator("#site-search-q").fill(SEARCH_NAME);
  await page.locator("#site-search-q").press("Enter");
  await page.waitForURL(`${base}search/?q=${SEARCH_NAME}`);
  const first = page.locator(".search-result").first();
  await first.waitFor();
  const status = await page.locator("#search-status").innerText();
  assert(/\d+ results? for “Armitage”/.test(status), `status: ${status}`);
  const hrefs = await page.locator(".search-result h2 a").evaluateAll((as) => as.map((a) => a.href));
  assert(hrefs.every((h) => h.startsWith(base)), `results outside ${base}: ${hrefs}`);
  const hit = page.locator(".search-result", { has: page.locator(`h2 a[href*="${SEARCH_SLUG}"]`) }).first();
  assert((await hit.count()) === 1, `no result for the ${SEARCH_SLUG} document: ${hrefs}`);
  const text = await hit.innerText();
  assert(/Document · \d{1,2} \w+ \d{4}/.test(text), `result lacks kind and date: ${text}`);
  assert(text.includes("Topics: "), `result lacks topics: ${text}`);
  assert((await hit.locator(".excerpt mark").count()) > 0, `excerpt without a highlight: ${text}`);
  console.log(`  first query for "${SEARCH_NAME}": ${files.length} files, ${bytes} bytes from pagefind/`);
  const shards = JSON.parse(readFileSync(join(site, "pagefind", "shards.json"), "utf8"));
  assert(shards.length >= 1, "the index is in one piece: the test should merge shards");
  assert(shards.every((dir) => files.some((f) => f.startsWith(`${dir}pagefind-entry.json`))), `shards not loaded: ${files}`);
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, "search-1280-light.png"), fullPage: true });
  const title = await hit.locator("h2 a").innerText();
  await hit.locator("h2 a").click();
  await page.waitForURL((u) => u.href.includes(SEARCH_SLUG));
  assert((await page.locator("h1").innerText()) === title, "the result opens another page");

  // Filters: a topic narrows the results to pages filed under it.
  await page.goto(`${base}search/?q=alliance`);
  await page.locator(".search-result").first().waitFor();
  const all = await page.locator(".search-result").count();
  const options = await page.locator("#search-topic option").evaluateAll((os) => os.map((o) => o.value));
  const topic = options.find((v) => v);
  assert(topic, "no topic filter offered");
  await page.locator("#search-topic").selectOption(topic);
  await page.waitForURL((u) => u.search.includes("topic="));
  await page.waitForFunction(
    (t) => [...document.querySelectorAll(".search-result .topics")].length > 0 &&
      [...document.querySelectorAll(".search-result .topics")].every((p) => p.textContent.includes(t)),
    topic,
  );
  const narrowed = await page.locator(".search-result").count();
  assert(narrowed <= all, `topic ${topic}: ${narrowed} results, more than ${all}`);
}

// ---------------------------------------------------------------------------------------------

const browser = await launchChromium();
const axeCounts = {}; // impact -> count over every page, scheme and width
const contexts = [];
async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  return track(await context.newPage());
}

try {
  await check("the journey: home → topic → passage in its document → timeline", async () => {
    const page = await newPage();
    await page.goto(home);
    assert((await page.locator("body.kind-home").count()) === 1, "home page kind");
    const topicLink = page.locator(`.doc-list a.topic[href="${topicPage}"]`).first();
    if ((await topicLink.count()) === 1) {
      await Promise.all([page.waitForURL(`${origin}${topicPage}`), topicLink.click()]);
    } else {
      await page.goto(`${origin}${topicPage}`);
    }
    assert((await page.locator("body.kind-topic").count()) === 1, "topic page kind");
    const passage = page.locator("a.passage-link").first();
    const href = await passage.getAttribute("href");
    const [, docPath, anchor] = href.match(/^([^#]+)#(p-\d+)$/) || [];
    assert(anchor, `passage link ${href} has no #p-N`);
    await Promise.all([page.waitForURL(`${origin}${docPath}#${anchor}`), passage.click()]);
    await page.waitForLoadState("load");
    assert((await page.locator("body.kind-document").count()) === 1, "document page kind");
    const target = await page.evaluate((id) => {
      const el = document.getElementById(id);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return {
        target: el.matches(":target"),
        inView: r.top >= 0 && r.top < window.innerHeight && r.bottom > 0,
        top: r.top,
        scrolled: window.scrollY,
      };
    }, anchor);
    assert(target, `#${anchor} not found in ${docPath}`);
    assert(target.target, `#${anchor} is not :target`);
    assert(target.inView, `#${anchor} not in the viewport: ${JSON.stringify(target)}`);
    // The document page itself: breadcrumbs, reading time, the cite line.
    assert((await page.locator('nav.breadcrumbs[aria-label="Breadcrumb"]').count()) === 1, "breadcrumbs");
    assert(/\d+ min read/.test(await page.locator("article .byline").first().textContent()), "reading time");
    const cite = await page.locator(".cite").textContent();
    assert(cite.includes(await page.locator("h1").textContent()), `cite line without the title: ${cite}`);
    assert(cite.includes(`${origin}${docPath}`) || /https?:\/\//.test(cite), `cite line without a URL: ${cite}`);
    await Promise.all([
      page.waitForURL(`${base}timeline/`),
      page.locator('.site-header nav a[href$="/timeline/"]').click(),
    ]);
    assert((await page.locator("h1").textContent()).trim() === "Timeline", "timeline h1");
    assert((await page.locator(".timeline-strip svg title").count()) >= 1, "strip has a title");
    assert((await page.locator(".timeline-strip svg desc").textContent()).length > 10, "strip has a desc");
    const year = page.locator(".year-index a").first();
    const yearId = (await year.getAttribute("href")).slice(1);
    await year.click();
    assert(await page.evaluate((id) => document.getElementById(id).matches(":target"), yearId), "year :target");
  });

  await check("keyboard: the skip link is the first tab stop, visible, and jumps to main", async () => {
    const page = await newPage();
    await page.goto(pages.document);
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return {
        cls: el.className,
        visible: r.left >= 0 && r.top >= 0 && r.width > 0 && r.right <= window.innerWidth,
        outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
      };
    });
    assert(focused.cls === "skip-link", `first tab stop is .${focused.cls}`);
    assert(focused.visible, "the focused skip link is off screen");
    assert(focused.outline, "the focused skip link has no visible outline");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#main$/);
    await page.keyboard.press("Tab");
    const inMain = await page.evaluate(() => document.querySelector("main").contains(document.activeElement));
    assert(inMain, "the next tab stop after the skip link is not inside main");
  });

  await check("landmarks: one banner, one main, one contentinfo, labelled navigations", async () => {
    const page = await newPage();
    for (const url of Object.values(pages)) {
      await page.goto(url);
      const l = await page.evaluate(() => ({
        header: document.querySelectorAll("body > header").length,
        main: document.querySelectorAll("main").length,
        footer: document.querySelectorAll("body > footer").length,
        unlabelledNav: [...document.querySelectorAll("nav")].filter(
          (n) => !n.getAttribute("aria-label") && !n.getAttribute("aria-labelledby"),
        ).length,
        breadcrumbs: document.querySelectorAll('nav[aria-label="Breadcrumb"]').length,
        kind: document.body.className,
      }));
      assert(l.header === 1 && l.main === 1 && l.footer === 1, `${url}: ${JSON.stringify(l)}`);
      assert(l.unlabelledNav === 0, `${url}: a <nav> without a label`);
      if (url !== home) assert(l.breadcrumbs === 1, `${url}: no breadcrumbs (${l.kind})`);
    }
  });

  await check("JavaScript off: every page shows its content; the theme ships no script", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    for (const url of Object.values(pages)) {
      if (url === pages.search) continue; // search needs JavaScript, and says so
      await page.goto(url);
      const text = await page.locator("main").innerText();
      assert(text.trim().length > 100, `${url}: main is nearly empty without JavaScript`);
      assert((await page.locator("script").count()) === 0, `${url}: has a <script>`);
    }
  });

  await check("360 px: no page scrolls sideways", async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 } });
    const wide = [];
    for (const url of [...Object.values(pages), `${base}about/`]) {
      await page.goto(url);
      const w = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        view: window.innerWidth,
        culprits: [...document.querySelectorAll("main *")]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .filter((e) => !e.closest("pre, table, .topic-map"))
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
      }));
      if (w.scroll > w.view) wide.push(`${url}: ${w.scroll} px > ${w.view} px (${w.culprits.join(", ")})`);
    }
    assert(wide.length === 0, wide.join("\n"));
  });

  for (const colorScheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      await check(`axe-core, ${colorScheme}, ${width} px: no serious or critical violations`, async () => {
        const page = await newPage({ colorScheme, viewport: { width, height: 900 } });
        const report = [];
        let blocking = 0;
        for (const [name, url] of Object.entries(pages)) {
          await page.goto(url);
          const violations = await axe(page);
          for (const v of violations) axeCounts[v.impact] = (axeCounts[v.impact] || 0) + v.nodes.length;
          const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
          blocking += bad.length;
          if (violations.length) report.push(`  ${name} (${url}):\n    ${describeViolations(violations)}`);
        }
        if (report.length) console.log(`# axe, ${colorScheme}, ${width} px:\n${report.join("\n")}`);
        assert(blocking === 0, `${blocking} serious or critical violation(s), listed above`);
      });
    }
  }

  await check("print: a topic page is a handout (no navigation, links print their URL)", async () => {
    const page = await newPage();
    await page.goto(pages.topic);
    await page.emulateMedia({ media: "print" });
    const p = await page.evaluate(() => {
      const shown = (sel) =>
        [...document.querySelectorAll(sel)].filter((e) => getComputedStyle(e).display !== "none").length;
      // What ::after prints: its strings joined, attr(href) read from the link.
      const after = (el) => {
        const c = getComputedStyle(el, "::after").content;
        if (c === "none" || c === "normal") return c;
        return [...c.matchAll(/"((?:[^"\\]|\\.)*)"|attr\(href\)/g)]
          .map((m) => (m[1] !== undefined ? m[1] : el.getAttribute("href")))
          .join("");
      };
      const external = [...document.querySelectorAll('main a[href^="http"]')].filter(
        (a) => a.textContent.trim() !== a.href,
      );
      const heading = document.querySelector(".topic-doc h2 a");
      return {
        header: shown(".site-header"),
        nav: shown("nav"),
        footer: shown(".site-footer"),
        skip: shown(".skip-link"),
        external: external.map((a) => ({ href: a.href, after: after(a) })),
        heading: { href: heading.href, after: after(heading) },
        pilcrow: after(document.querySelector("a.passage-link")),
        pageBreak: getComputedStyle(document.querySelectorAll(".topic-doc")[1] || heading).breakBefore,
      };
    });
    assert(p.header === 0 && p.nav === 0 && p.footer === 0 && p.skip === 0, `navigation printed: ${JSON.stringify(p)}`);
    for (const a of p.external) assert(a.after.includes(a.href), `external link prints no URL: ${JSON.stringify(a)}`);
    assert(p.heading.after.includes(p.heading.href), `a document's link prints no URL: ${JSON.stringify(p.heading)}`);
    assert(p.pilcrow === "none" || p.pilcrow === "normal", `the passage pilcrow prints a URL: ${p.pilcrow}`);
    assert(p.pageBreak === "page", `documents of a topic do not start on a new page: ${p.pageBreak}`);
  });

  if (hasSearch) {
    await check("search: a query finds a document", () => checkSearch(browser));
    await check("search: without its index the page says so and points elsewhere", async () => {
      // Not tracked: the blocked request is the point of this check.
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      await page.route("**/pagefind/pagefind.js", (route) => route.abort());
      await page.goto(`${base}search/?q=${SEARCH_NAME}`);
      const status = page.locator('#search-status[data-state="unavailable"]');
      await status.waitFor();
      const text = await status.innerText();
      assert(/not available/.test(text) && /topics/.test(text), `status: ${text}`);
    });
  } else {
    skip("search: a query finds a document", "no search/index.html in the built site");
  }

  await check("screenshots: home, a topic and a document at 390 and 1280 px, light and dark", async () => {
    mkdirSync(screenshotDir, { recursive: true });
    for (const colorScheme of ["light", "dark"]) {
      for (const width of [390, 1280]) {
        const page = await newPage({ colorScheme, viewport: { width, height: 900 } });
        for (const name of ["home", "topic", "document"]) {
          await page.goto(pages[name]);
          await page.screenshot({ path: join(screenshotDir, `${name}-${width}-${colorScheme}.png`), fullPage: true });
        }
      }
    }
    console.log(`# screenshots in ${screenshotDir}`);
  });

  await check("no console errors, failed requests or requests leaving the site on any page", async () => {
    assert(visited.size >= 7, `only ${visited.size} pages visited`);
    assert(
      problems.length === 0,
      problems.map((p) => `${p.page}: ${p.what}`).join("\n"),
    );
  });
} finally {
  for (const c of contexts) await c.close().catch(() => {});
  await browser.close();
  server.close();
  rmSync(root, { recursive: true, force: true });
}

const impacts = ["critical", "serious", "moderate", "minor"].map((i) => `${i} ${axeCounts[i] || 0}`);
console.log(`# axe violations (nodes, all pages, schemes and widths): ${impacts.join(", ")}`);
console.log(`# ${visited.size} pages visited in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${counts.passed} passed, ${counts.failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (counts.failed > 0) process.exit(1);
