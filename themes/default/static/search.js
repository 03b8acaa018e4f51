// dossier search: runs the query of /search/?q=…&topic=…&year=… against the Pagefind index
// (loaded from the form's data-bundle URL, so it works under any sub-path) and lists results
// with title, date, topics and Pagefind's highlighted excerpt. Everything but the excerpt is
// inserted as text; the excerpt is Pagefind's escaped text with <mark> around the matches.
// A large site's index comes in shards (pagefind/ and the folders that pagefind/shards.json
// lists); they are merged into one search with Pagefind's mergeIndex, filters included.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const topic = document.getElementById("search-topic");
const year = document.getElementById("search-year");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const PAGE = 10;
let results = [];
let shown = 0;

const pagefind = await load();
if (pagefind) {
  fillFilters(await pagefind.filters());
  readQuery();
  await run();
  input.addEventListener("input", () => run());
  topic.addEventListener("change", () => run());
  year.addEventListener("change", () => run());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  more.addEventListener("click", () => showMore());
}

/** Loads the index's script, or says on the page why search is not available. */
async function load() {
  try {
    const bundle = form.dataset.bundle;
    const [pagefind, shards] = await Promise.all([import(bundle + "pagefind.js"), shardList(bundle)]);
    await pagefind.options({ excerptLength: 32 });
    await pagefind.init();
    await Promise.all(shards.map((dir) => pagefind.mergeIndex(bundle + dir)));
    return pagefind;
  } catch (error) {
    status.dataset.state = "unavailable";
    status.textContent =
      "Search is not available: its index could not be loaded. Reload the page to try again, " +
      "or browse the topics, the timeline or the archive.";
    console.warn("dossier search:", error);
    return null;
  }
}

/** The folders of the index's other shards (none for a site indexed in one piece). */
async function shardList(bundle) {
  const response = await fetch(bundle + "shards.json");
  if (!response.ok) return [];
  const dirs = await response.json();
  return Array.isArray(dirs) ? dirs.filter((d) => /^shard-[0-9]+\/$/.test(d)) : [];
}

/** Adds one <option> per filter value, with its page count, keeping a value chosen in the URL. */
function fillFilters(filters) {
  const fill = (select, values, order) => {
    for (const [value, count] of Object.entries(values ?? {}).sort(order)) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = `${value} (${count})`;
      select.append(option);
    }
  };
  fill(topic, filters.topic, ([a], [b]) => a.localeCompare(b));
  fill(year, filters.year, ([a], [b]) => b.localeCompare(a));
}

function readQuery() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") ?? "";
  topic.value = params.get("topic") ?? "";
  year.value = params.get("year") ?? "";
}

/** Keeps the address bar in step with the form, so a search can be bookmarked or shared. */
function writeQuery(query) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (topic.value) params.set("topic", topic.value);
  if (year.value) params.set("year", year.value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

async function run() {
  const query = input.value.trim();
  const filters = {};
  if (topic.value) filters.topic = topic.value;
  if (year.value) filters.year = year.value;
  writeQuery(query);
  if (!query && !topic.value && !year.value) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    return;
  }
  const search = await pagefind.debouncedSearch(query || null, { filters }, 150);
  if (search === null) return; // a newer query replaced this one
  results = search.results;
  shown = 0;
  list.replaceChildren();
  const n = results.length;
  const what = query ? `for “${query}”` : "with these filters";
  status.textContent = n === 0 ? `No results ${what}.` : `${n} result${n === 1 ? "" : "s"} ${what}.`;
  await showMore();
}

async function showMore() {
  const next = results.slice(shown, shown + PAGE);
  shown += next.length;
  const pages = await Promise.all(next.map((r) => r.data()));
  list.append(...pages.map(resultItem));
  more.hidden = shown >= results.length;
}

function resultItem(page) {
  const item = document.createElement("li");
  item.className = "search-result";
  const title = document.createElement("h2");
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title ?? page.url;
  title.append(link);
  item.append(title);
  const facts = [page.meta.kind, page.meta.date].filter(Boolean);
  if (facts.length) {
    const meta = document.createElement("p");
    meta.className = "byline";
    meta.textContent = facts.join(" · ");
    item.append(meta);
  }
  const topics = page.filters.topic ?? [];
  if (topics.length) {
    const line = document.createElement("p");
    line.className = "topics";
    line.textContent = `Topics: ${topics.join(", ")}`;
    item.append(line);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  excerpt.innerHTML = page.excerpt;
  item.append(excerpt);
  return item;
}
