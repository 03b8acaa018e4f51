#!/usr/bin/env python3
"""Score discovered topics against the topics editors gave a real corpus.

Two steps:

  score_topics.py prepare SRC SITE [--dossier BIN]
      Makes SITE a fresh `dossier init` site whose content/ holds SRC's markdown files with
      the editors' tags taken out of the front matter (`topics`, `tags`, `categories`,
      `themes`), so only discovery can find topics. The tags are kept in SITE/editor-tags.json
      (document slug -> tags). The example document `init` writes is removed.

  score_topics.py score SITE [--top 40]
      Reads SITE/public/topics.json and each topic's documents.json after `dossier build`, and
      prints: how many topics were published, the recall of each document's editor tags by its
      discovered topics (micro: covered tags / all tags; macro: mean per document), and the
      top topics by documents for a reader to judge (precision is judged by reading them).

A tag is covered by a document's topic when, after lower-casing, turning `-`/`_` into spaces
and taking a final `s` off each word, the tag's words equal the words of the topic's name or
of one of its aliases, or one holds all the other's words (tag "content strategy", topic
"Content strategy"; tag "accessibility", topic "Web accessibility"), or the tag is the
acronym of a multiword alias ("api" and "Application Programming Interface").
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

TAG_KEYS = ("topics", "tags", "categories", "themes")


def split_front_matter(text):
    if not text.startswith("---"):
        return None, text
    end = text.find("\n---", 3)
    if end < 0:
        return None, text
    close = text.find("\n", end + 1)
    close = len(text) if close < 0 else close + 1
    return text[: end + 1], text[close:]


def strip_tags(front):
    """Removes tag keys (inline lists or indented `- item` blocks); returns (front, tags, slug)."""
    out, tags, slug = [], [], None
    lines = front.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        key = re.match(r"^([A-Za-z_]+)\s*:(.*)$", line.rstrip("\n"))
        if key and key.group(1) == "slug":
            slug = key.group(2).strip().strip("'\"")
        if key and key.group(1) in TAG_KEYS:
            rest = key.group(2).strip()
            if rest.startswith("["):
                tags += [t.strip().strip("'\"") for t in rest.strip("[]").split(",") if t.strip()]
            elif rest:
                tags.append(rest.strip("'\""))
            i += 1
            while i < len(lines) and re.match(r"^\s+-\s|^\s*-\s", lines[i]) and not re.match(r"^[A-Za-z_]+\s*:", lines[i]):
                tags.append(lines[i].strip()[1:].strip().strip("'\""))
                i += 1
            continue
        out.append(line)
        i += 1
    return "".join(out), tags, slug


def prepare(src, site, dossier):
    if os.path.exists(site):
        shutil.rmtree(site)
    parent, name = os.path.split(os.path.abspath(site))
    subprocess.run([dossier, "init", name], cwd=parent, check=True, stdout=subprocess.DEVNULL)
    for example in ("first-briefing.md",):
        path = os.path.join(site, "content", example)
        if os.path.exists(path):
            os.remove(path)
    tags_by_doc = {}
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith(".md") or f.startswith("_"):
                continue
            path = os.path.join(root, f)
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            front, body = split_front_matter(text)
            if front is None:
                continue
            front, tags, slug = strip_tags(front)
            rel = os.path.relpath(path, src)
            dest = os.path.join(site, "content", rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "w", encoding="utf-8") as fh:
                fh.write(front + "---\n" + body)
            stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", os.path.splitext(f)[0])
            tags_by_doc[slug or stem] = tags
    with open(os.path.join(site, "editor-tags.json"), "w", encoding="utf-8") as fh:
        json.dump(tags_by_doc, fh, indent=1, sort_keys=True)
    tagged = sum(1 for t in tags_by_doc.values() if t)
    print(f"{len(tags_by_doc)} documents ({tagged} with editor tags) in {site}/content")


def words(text):
    ws = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in ws)


def covers(tag, names):
    t = words(tag)
    if not t:
        return False
    for name in names:
        n = words(name)
        if not n:
            continue
        if t == n or set(t) <= set(n) or set(n) <= set(t):
            return True
        if len(t) == 1 and len(n) > 1 and t[0] == "".join(w[0] for w in n):
            return True
        if len(n) == 1 and len(t) > 1 and n[0] == "".join(w[0] for w in t):
            return True
    return False


def score(site, top):
    public = os.path.join(site, "public")
    with open(os.path.join(public, "topics.json"), encoding="utf-8") as fh:
        topics = json.load(fh)["topics"]
    with open(os.path.join(site, "editor-tags.json"), encoding="utf-8") as fh:
        editor = json.load(fh)
    found = [t for t in topics if t.get("found_automatically")]
    by_doc = {}
    for t in found:
        docs = t.get("documents") or []
        if not docs:
            path = os.path.join(public, "topics", t["slug"], "documents.json")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as fh:
                    docs = json.load(fh)["documents"]
        for d in docs:
            by_doc.setdefault(d["slug"].rsplit("/", 1)[-1], []).append([t["name"]] + t.get("aliases", []))
    covered = total = 0
    per_doc = []
    matched_docs = 0
    for slug, tags in editor.items():
        if not tags:
            continue
        names = [n for topic in by_doc.get(slug, []) for n in topic]
        if slug in by_doc:
            matched_docs += 1
        hits = sum(1 for tag in tags if covers(tag, names))
        covered += hits
        total += len(tags)
        per_doc.append(hits / len(tags))
    documents = len(editor)
    print(f"documents: {documents}; with editor tags: {len(per_doc)}; filed under a discovered topic: {matched_docs}")
    print(f"published topics: {len(topics)} ({len(found)} found automatically)")
    if total:
        print(f"recall (micro, tags covered / tags): {covered}/{total} = {covered / total:.1%}")
        print(f"recall (macro, mean per document):   {sum(per_doc) / len(per_doc):.1%}")
    ranked = sorted(found, key=lambda t: (-t["document_count"], t["slug"]))
    print(f"\ntop {top} topics found automatically (by documents):")
    for i, t in enumerate(ranked[:top], 1):
        aliases = ", ".join(a for a in t.get("aliases", [])[1:4])
        print(f"{i:>3}. {t['name']} ({t['document_count']})" + (f"  also: {aliases}" if aliases else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("src")
    p.add_argument("site")
    p.add_argument("--dossier", default="dossier")
    s = sub.add_parser("score")
    s.add_argument("site")
    s.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.src, args.site, args.dossier)
    else:
        score(args.site, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
