#!/usr/bin/env bash
# Search benchmark: what the Pagefind index costs a build, how big it is, and what a reader's
# first query downloads.
#
# usage: scripts/bench_search.sh [N...]            (default: 10000)
#
# For each N, takes the deterministic corpus of scripts/gen_corpus.py (generated once under
# BENCH_DIR, shared with bench.sh) and builds it RUNS times with `[search] enabled = true` and
# RUNS times with it off, interleaved, output on tmpfs (/usr/bin/time: wall and peak RSS). The
# index's cost is the difference of the medians. Then it measures the index (files, bytes) and,
# in Debian's chromium (playwright-core from tests/browser), opens /search/?q=WORD on the
# built site served locally and sums the bytes fetched from pagefind/ until the results show.
# With PAGEFIND_CLI=1 it also times the Pagefind CLI (npm package `pagefind`) indexing the
# search-off output, which is how Hugo and Zola sites get the same index.
#
# Environment: RUNS=3, BENCH_DIR=/dev/shm/dossier-bench, QUERY=security, DOSSIER=path (default
# target/release/dossier, built first), PAGEFIND_CLI=0.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/dev/shm/dossier-bench}
QUERY=${QUERY:-security}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(10000); fi
# shellcheck source=scripts/lib.sh
. "$REPO/scripts/lib.sh"
mkdir -p "$BENCH_DIR"
ensure_dossier
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2; }
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2; }
[ -d "$REPO/tests/browser/node_modules/playwright-core" ] || (cd "$REPO/tests/browser" && npm ci --no-audit --no-fund >&2)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# One timed build: prints "wall_seconds peak_kib".
timed_build() {
  local root=$1 content=$2 out=$3
  rm -rf "$out"
  /usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.txt" \
    "$DOSSIER" build --root "$root" --content "$content" --output "$out" >/dev/null
  cat "$BENCH_DIR/time.txt"
}

printf '| N | build, search off | build, search on | index cost | peak RSS off / on | index files | index size | first query |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${SIZES[@]}"; do
  corpus="$BENCH_DIR/corpus-$n"
  if [ ! -d "$corpus/content" ]; then
    log "generating $n documents in $corpus"
    python3 "$REPO/scripts/gen_corpus.py" "$n" "$corpus" >&2
  fi
  for mode in on off; do
    mkdir -p "$BENCH_DIR/search-$mode"
    enabled=$([ "$mode" = on ] && echo true || echo false)
    printf 'title = "Bench corpus"\nbase_url = "https://example.org/"\n\n[search]\nenabled = %s\n' "$enabled" \
      > "$BENCH_DIR/search-$mode/site-config.toml"
  done
  : > "$BENCH_DIR/runs-on.txt"; : > "$BENCH_DIR/runs-off.txt"
  for run in $(seq "$RUNS"); do
    for mode in off on; do
      r=$(timed_build "$BENCH_DIR/search-$mode" "$corpus/content" "$BENCH_DIR/out-search-$mode")
      log "N=$n run $run search $mode: $r"
      echo "$r" >> "$BENCH_DIR/runs-$mode.txt"
    done
  done
  wall_on=$(cut -d' ' -f1 "$BENCH_DIR/runs-on.txt" | median)
  wall_off=$(cut -d' ' -f1 "$BENCH_DIR/runs-off.txt" | median)
  rss_on=$(cut -d' ' -f2 "$BENCH_DIR/runs-on.txt" | median)
  rss_off=$(cut -d' ' -f2 "$BENCH_DIR/runs-off.txt" | median)
  index="$BENCH_DIR/out-search-on/pagefind"
  files=$(find "$index" -type f | wc -l)
  bytes=$(du -sb "$index" | cut -f1)
  first=$(node "$REPO/scripts/bench_search_query.mjs" "$BENCH_DIR/out-search-on" "$QUERY")
  printf '| %s | %.2f s | %.2f s | %.2f s | %d / %d MiB | %d | %.1f MiB | %s |\n' \
    "$n" "$wall_off" "$wall_on" "$(echo "$wall_on - $wall_off" | bc -l)" \
    $((${rss_off%.*} / 1024)) $((${rss_on%.*} / 1024)) "$files" "$(echo "$bytes / 1048576" | bc -l)" "$first"
  if [ "${PAGEFIND_CLI:-0}" = 1 ]; then
    cli="$BENCH_DIR/pagefind-cli"
    [ -x "$cli/node_modules/.bin/pagefind" ] || (mkdir -p "$cli" && cd "$cli" && npm i --no-audit --no-fund pagefind >&2)
    rm -rf "$BENCH_DIR/out-search-off/pagefind"
    /usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.txt" \
      "$cli/node_modules/.bin/pagefind" --site "$BENCH_DIR/out-search-off" >/dev/null
    read -r cli_wall cli_rss < "$BENCH_DIR/time.txt"
    printf '\nPagefind CLI (%s) over the search-off output, N=%s: %s s, peak RSS %d MiB\n' \
      "$("$cli/node_modules/.bin/pagefind" --version)" "$n" "$cli_wall" $((cli_rss / 1024))
  fi
done
