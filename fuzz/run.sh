#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 30, as .ci/run does; the issue's
# soak is 600). The machine has only stable Rust: cargo-fuzz's nightly flags are allowed with
# RUSTC_BOOTSTRAP=1, and the sanitizer is off (`-s none`), which needs no nightly runtime.
# Installs cargo-fuzz if it is missing. Findings land in fuzz/artifacts/<target>/; the script
# exits non-zero if any target finds a crash.
set -euo pipefail
seconds="${1:-30}"
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
targets=$(cargo fuzz list)
cargo fuzz build -s none -O
status=0
for target in $targets; do
  mkdir -p "corpus/$target"
  echo "== fuzz target $target (${seconds}s)"
  if ! cargo fuzz run -s none -O "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      2>&1 | tee "/tmp/fuzz-$target.log" | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|thread .* panicked)'; then
    :
  fi
  if grep -qE 'SUMMARY|panicked|deadly signal' "/tmp/fuzz-$target.log"; then
    echo "fuzz target $target failed; see /tmp/fuzz-$target.log and fuzz/artifacts/$target/"
    status=1
  fi
done
exit $status
