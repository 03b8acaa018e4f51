#!/usr/bin/env bash
# Topic analysis share of a full build, with 200 curated topics.
#
# usage: scripts/bench_topics.sh [N]        (default N = 10000; RUNS=5)
#
# Generates (or reuses) the synthetic corpus of scripts/gen_corpus.py, writes a site whose
# site-config.toml curates its 200 tags as topics (title + a hyphenated alias each, so both the
# alias index and front-matter merging are exercised), runs `dossier build --timings` RUNS times
# with output on tmpfs, and prints the median of each phase and its share of the build.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-10000}
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/dev/shm/dossier-bench}
DOSSIER=${DOSSIER:-$REPO/target/release/dossier}
[ -x "$DOSSIER" ] || (cd "$REPO" && cargo build --release >&2)
corpus="$BENCH_DIR/corpus-$N"
[ -d "$corpus/content" ] || python3 "$REPO/scripts/gen_corpus.py" "$N" "$corpus" >&2
site="$BENCH_DIR/topics-$N"
mkdir -p "$site"
ln -sfn "$corpus/content" "$site/content"
python3 - "$REPO" "$site/site-config.toml" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/scripts")
import gen_corpus
out = ['title = "Topic bench"', 'base_url = "https://example.org/"', "", "[topics]", "threshold = 2", ""]
for tag in gen_corpus.TAGS:
    slug = tag.replace(" ", "-")
    out += ["[topics.%s]" % slug, 'title = "%s"' % tag.capitalize(), 'aliases = ["%s"]' % slug, ""]
open(sys.argv[2], "w").write("\n".join(out))
PY
echo "corpus: $N documents, 200 curated topics; $RUNS runs" >&2
for i in $(seq "$RUNS"); do
  rm -rf /dev/shm/dossier-topics-out
  "$DOSSIER" build --root "$site" --output /dev/shm/dossier-topics-out --timings | grep '^timings:'
done | python3 -c '
import re, statistics, sys
runs = [dict((m[0], float(m[1])) for m in re.findall(r"([a-z+]+) (\d+) ms", line)) for line in sys.stdin]
phases = list(runs[0])
total = statistics.median(sum(r.values()) for r in runs)
print("| phase | median ms | share |")
print("|---|---:|---:|")
for p in phases:
    m = statistics.median(r[p] for r in runs)
    print("| %s | %.0f | %.1f%% |" % (p, m, 100 * m / total))
print("| total | %.0f | 100%% |" % total)
'
