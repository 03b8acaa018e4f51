#!/usr/bin/env python3
"""Deterministic synthetic corpus for benchmarking dossier against Hugo.

Usage: gen_corpus.py N OUTDIR

Writes
  OUTDIR/site-config.toml                 dossier's site config
  OUTDIR/content/doc-00001.md ...         N markdown documents (~1,000 words each)
  OUTDIR/hugo/hugo.toml, OUTDIR/hugo/layouts/   a Hugo site over the same content
                                          (OUTDIR/hugo/content is a symlink to ../content;
                                          layouts copied from scripts/hugo-layouts/)
  OUTDIR/hugo/nohighlight.toml            optional config overlay: no code highlighting

Every document has YAML front matter (title, date between 2000-01-01 and
2026-06-30, author, 2-5 of 200 multiword tags with a skewed popularity,
summary) and a body with 3-4 `##` sections, prose paragraphs, a bullet list,
a table, a fenced rust or python code block and 3 relative links to other
documents (`[Doc 42](../doc-00042/)`).

Python 3 standard library only. Each document is drawn from its own
random.Random seeded with (N, index), so the output is byte-identical for the
same N, whatever the machine, Python version >= 3.2 or PYTHONHASHSEED.
"""

import datetime
import os
import random
import shutil
import sys
from pathlib import Path

WORDS = """
the of and to in a is that for it as was with be by on not he this are or his
from at which but have an they you were her she there been one all we their has
would when if so no will can more about said its into than them only other new
some could time these two may first then do any like my now over such our man
me even most made after also did many before must through back years where much
your way well down should because each just those people how too little state
good very make world still own see men work long get here between both life
being under never day same another know while last might us great old year off
come since against go came right used take three states himself few house use
during without again place american around however home small found thought went
say part once general high upon school every does got united left number course
war until always away something fact though water less public put think almost
hand enough far took head yet government system better set told nothing night end
why called eyes find going look asked later knew point next program city
business give group toward young days let room president side social given present
several order national possible rather second face per among form important often
things looked early white case john become large big need four within felt along
children saw best church ever least power development thing light seemed family
interest want members mind country area others done turned although open problem
policy trade energy market security alliance budget defense export supply chain
ministry treaty agreement summit region maritime strategy analysis report memo
cooperation industrial capacity investment sanction tariff semiconductor network
infrastructure resilience deterrence coalition framework initiative governance
""".split()

SUBJECTS = [
    "energy", "trade", "semiconductor", "maritime", "cyber", "climate", "defense",
    "space", "nuclear", "health", "labor", "finance", "agriculture", "water",
    "transport", "education", "migration", "telecom", "critical minerals",
    "data privacy", "artificial intelligence", "arms control", "fisheries",
    "housing", "public debt",
]
FACETS = [
    "policy", "security", "markets", "regulation", "diplomacy", "supply chains",
    "industry", "research",
]
TAGS = sorted("%s %s" % (s, f) for s in SUBJECTS for f in FACETS)  # 200 tags
# Skewed popularity: a fixed (seeded) permutation of the tags gets Zipf-like weights.
_perm = random.Random(20240601).sample(TAGS, len(TAGS))
TAG_WEIGHTS = {t: 1.0 / (rank + 1) ** 0.8 for rank, t in enumerate(_perm)}
TAG_LIST = TAGS
TAG_W = [TAG_WEIGHTS[t] for t in TAGS]

FIRST = ["Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana",
         "Ivan", "Jun", "Kofi", "Lena", "Mateo", "Noor", "Oskar", "Priya"]
LAST = ["Abe", "Bianchi", "Costa", "Dubois", "Eriksen", "Fujita", "Garcia",
        "Haddad", "Ito", "Jensen", "Kowalski", "Lindqvist"]

DATE0 = datetime.date(2000, 1, 1).toordinal()
DATE1 = datetime.date(2026, 6, 30).toordinal()

# Search is off: the Hugo side of the build and serve benchmarks has no search index either.
# scripts/bench_search.sh measures the index with its own config over the same content.
SITE_CONFIG = 'title = "Bench corpus"\nbase_url = "https://example.org/"\n\n[search]\nenabled = false\n'


def doc_name(i):
    return "doc-%05d" % i


def sentence(rng, lo=8, hi=20):
    ws = rng.choices(WORDS, k=rng.randint(lo, hi))
    # A little inline markup, as real prose has.
    r = rng.random()
    if r < 0.08:
        j = rng.randrange(len(ws))
        ws[j] = "*%s*" % ws[j]
    elif r < 0.12:
        j = rng.randrange(len(ws))
        ws[j] = "**%s**" % ws[j]
    elif r < 0.15:
        j = rng.randrange(len(ws))
        ws[j] = "`%s`" % ws[j]
    ws[0] = ws[0].capitalize()
    return " ".join(ws) + rng.choice(".........?!")


def paragraph(rng, nwords):
    out, count = [], 0
    while count < nwords:
        s = sentence(rng)
        out.append(s)
        count += s.count(" ") + 1
    return out, count


def title_case(ws):
    return " ".join(w.capitalize() for w in ws)


def bullet_list(rng):
    return "\n".join("- " + sentence(rng, 4, 10) for _ in range(rng.randint(4, 6)))


def table(rng):
    rows = ["| Item | Year | Value | Change |", "| --- | ---: | ---: | ---: |"]
    for _ in range(rng.randint(4, 6)):
        rows.append("| %s %s | %d | %d.%d | %+d%% |" % (
            rng.choice(WORDS).capitalize(), rng.choice(WORDS), rng.randint(2000, 2026),
            rng.randint(1, 9999), rng.randint(0, 9), rng.randint(-40, 40)))
    return "\n".join(rows)


def ident(rng):
    return "%s_%s" % (rng.choice(WORDS), rng.choice(WORDS))


def code_block(rng):
    a, b, c = ident(rng), ident(rng), ident(rng)
    n = rng.randint(2, 99)
    if rng.random() < 0.5:
        return """```rust
/// Sums the %s weights above a threshold.
pub fn %s(items: &[(String, u32)], threshold: u32) -> u64 {
    let mut %s: u64 = 0;
    for (name, weight) in items {
        if *weight > threshold && !name.is_empty() {
            %s += u64::from(*weight) * %d;
        }
    }
    println!("{} -> {}", "%s", %s);
    %s
}
```""" % (a, a, b, b, n, c, b, b)
    return """```python
def %s(items, threshold=%d):
    \"\"\"Sum the %s weights above a threshold.\"\"\"
    %s = 0
    for name, weight in items:
        if weight > threshold and name:
            %s += weight * %d
    print(f"%s -> {%s}")
    return %s
```""" % (a, n, b, b, b, n, c, b, b)


def document(n_docs, i):
    rng = random.Random(n_docs * 1_000_003 + i)
    title = title_case(rng.choices(WORDS, k=rng.randint(4, 8)))
    date = datetime.date.fromordinal(rng.randint(DATE0, DATE1))
    author = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
    k = rng.randint(2, 5)
    tags = []
    while len(tags) < k:
        t = rng.choices(TAG_LIST, weights=TAG_W, k=1)[0]
        if t not in tags:
            tags.append(t)
    summary = sentence(rng, 15, 25).replace("*", "").replace("`", "")
    # 3 distinct link targets, none the document itself.
    targets = []
    if n_docs > 1:
        while len(targets) < min(3, n_docs - 1):
            t = rng.randint(1, n_docs)
            if t != i and t not in targets:
                targets.append(t)

    n_sections = rng.randint(3, 4)
    blocks = [bullet_list(rng), table(rng), code_block(rng)]
    rng.shuffle(blocks)
    blocks += [None] * (n_sections - 3)
    # ~1,000 words in all: the list, table and code take ~100-150 of them.
    prose_target = rng.randint(840, 900)
    n_paras = 1 + n_sections * 2 + rng.randint(0, 2)
    per_para = prose_target // n_paras
    paras = []
    for _ in range(n_paras):
        p, _count = paragraph(rng, per_para)
        paras.append(p)
    # Put the links into random paragraphs, as part of a sentence.
    for t in targets:
        p = paras[rng.randrange(len(paras))]
        j = rng.randrange(len(p))
        p[j] = p[j][:-1] + ", as discussed in [Doc %d](../%s/)%s" % (t, doc_name(t), p[j][-1])
    paras = [" ".join(p) for p in paras]

    out = [
        "---",
        'title: "%s"' % title,
        "date: %s" % date.isoformat(),
        'author: "%s"' % author,
        "tags: [%s]" % ", ".join('"%s"' % t for t in tags),
        'summary: "%s"' % summary,
        "---",
        "",
        paras[0],
        "",
    ]
    pi = 1
    per_section = (n_paras - 1) // n_sections
    for s in range(n_sections):
        out.append("## " + title_case(rng.choices(WORDS, k=rng.randint(2, 5))))
        out.append("")
        take = per_section if s < n_sections - 1 else n_paras - pi
        for _ in range(take):
            out.append(paras[pi])
            out.append("")
            pi += 1
        if blocks[s] is not None:
            out.append(blocks[s])
            out.append("")
    return "\n".join(out)


HUGO_CONFIG = """\
# Hugo site over the same content as dossier's bench corpus (generated by gen_corpus.py).
baseURL = "https://example.org/"
title = "Bench corpus"
# Documents are dated up to 2026-06-30: build them all whatever the clock says.
buildFuture = true
# Output set kept close to dossier's: a page per document, home (newest 20),
# archive by year, topic index, a page and a feed per topic, the site feed,
# sitemap.xml and 404.html. No sections exist (all documents sit at the root).
disableKinds = ["robotsTXT", "section"]

[taxonomies]
  tag = "tags"

[permalinks]
  [permalinks.taxonomy]
    tags = "/topics/"
  [permalinks.term]
    tags = "/topics/:slug/"

[outputFormats.archive]
  mediaType = "text/html"
  baseName = "index"
  path = "archive"
  isHTML = true
  isPlainText = false
  permalinkable = false

[outputs]
  home = ["html", "rss", "archive"]
  page = ["html"]
  taxonomy = ["html"]
  term = ["html", "rss"]

[services.rss]
  limit = 20

# Hugo's defaults, spelled out: fenced code is highlighted by Chroma with inline styles.
[markup.highlight]
  codeFences = true
  noClasses = true
  guessSyntax = false
"""


# Optional overlay (bench.sh HUGO_EXTRA_CONFIG=nohighlight.toml): fenced code
# rendered as plain <pre><code>, to see what Chroma highlighting costs.
HUGO_NOHIGHLIGHT = """\
[markup.highlight]
  codeFences = false
"""


def write_hugo_site(out):
    hugo = out / "hugo"
    if hugo.exists() or hugo.is_symlink():
        shutil.rmtree(hugo)
    hugo.mkdir(parents=True)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8", newline="\n")
    (hugo / "nohighlight.toml").write_text(HUGO_NOHIGHLIGHT, encoding="utf-8", newline="\n")
    src = Path(__file__).resolve().parent / "hugo-layouts"
    shutil.copytree(src, hugo / "layouts")
    os.symlink("../content", hugo / "content")


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.stderr.write("usage: gen_corpus.py N OUTDIR\n")
        return 2
    n = int(argv[1])
    out = Path(argv[2])
    content = out / "content"
    content.mkdir(parents=True, exist_ok=True)
    # Remove documents a previous (larger) run left behind.
    for old in content.glob("doc-*.md"):
        old.unlink()
    (out / "site-config.toml").write_text(SITE_CONFIG, encoding="utf-8", newline="\n")
    for i in range(1, n + 1):
        text = document(n, i)
        with open(content / (doc_name(i) + ".md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    write_hugo_site(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
