#!/usr/bin/env bash
# Runs every test: builds the web client (the end-to-end tests drive it in headless
# Chromium), installs the Yjs peer for the interop test, builds the server binary the crash
# tests spawn, then runs the whole suite.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_node
ensure_apt chromium chromium-driver redis-server
build_client
if [ ! -d tests/interop/node_modules ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules ]; then
  say "installing the Yjs peer for the interop test"
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
fi
say "building the server binary used by the crash tests"
cargo build -p polyphony-server --bin polyphony
say "running the tests"
cargo test --workspace --exclude polyphony-client "$@"
