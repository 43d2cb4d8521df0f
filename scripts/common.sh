# Shared setup for scripts/run.sh and scripts/test.sh: installs what they need, idempotently.
# Sourced, not run. Every step checks first, so a second run only builds what changed.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST_DIR="${POLYPHONY_STATIC_DIR:-$ROOT/dist}"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Debian packages that are missing (one apt-get update per run, only when needed).
ensure_apt() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The wasm32 target for the browser client.
ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown && return 0
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

# wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock.
ensure_wasm_bindgen() {
  local version
  version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)"
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version)" = "wasm-bindgen $version" ]; then
    return 0
  fi
  say "installing wasm-bindgen-cli $version (a few minutes, once)"
  # Not --locked: its lockfile asks for crate versions this registry mirror may lack.
  cargo install wasm-bindgen-cli --version "$version"
}

# node and npm, for the Yjs interoperability test.
ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  ensure_apt nodejs npm
}

# Installs the npm packages locked in DIR/package-lock.json, unless they are installed and
# the lock has not changed since. Usage: ensure_npm_packages DIR "what they are for".
ensure_npm_packages() {
  ensure_node
  if [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules" ]; then
    say "installing $2 from npm"
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
  fi
}

# npm packages listed in tools/package.json (binaryen's wasm-opt), installed once.
ensure_build_tools() {
  ensure_npm_packages tools "build tools (wasm-opt)"
}

# The browser client: wasm build, JS bindings, size optimisation, static files, gzip copies.
build_client() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_build_tools
  say "building the web client"
  cargo build -p polyphony-client --target wasm32-unknown-unknown --profile wasm-release
  mkdir -p "$DIST_DIR"
  wasm-bindgen --target web --no-typescript --out-name polyphony_client --out-dir "$DIST_DIR" \
    "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/polyphony-client.wasm"
  tools/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "$DIST_DIR/polyphony_client_bg.wasm" -o "$DIST_DIR/polyphony_client_bg.wasm"
  cp client/static/* "$DIST_DIR/"
  # zopfli writes standard gzip about 4% smaller than gzip -9; every phone downloads it.
  ensure_apt zopfli
  for file in "$DIST_DIR"/*.html "$DIST_DIR"/*.css "$DIST_DIR"/*.js "$DIST_DIR"/*.wasm; do
    zopfli --i5 "$file"
  done
  say "client: $(du -b "$DIST_DIR"/polyphony_client_bg.wasm.gz "$DIST_DIR"/polyphony_client.js.gz | awk '{ total += $1 } END { printf "%.0f KB", total / 1024 }') gzip (wasm + js)"
}

# Deletes test and binary executables in the debug build cache that a newer build of the
# same target replaced (cargo keeps every one, ~230 MB each: a few runs fill a disk). Keeps
# the newest of each name; a deleted one that was still wanted is simply linked again.
prune_stale_executables() {
  local deps="$TARGET_DIR/debug/deps"
  [[ -d "$deps" ]] || return 0
  find "$deps" -maxdepth 1 -type f -perm -u+x ! -name '*.so' ! -name '*.rlib' -printf '%T@ %f\n' |
    sort -rn | awk '{ name = $2; sub(/-[0-9a-f]+$/, "", name); if (seen[name]++) print $2 }' |
    while read -r stale; do rm -f "$deps/$stale"; done
}
