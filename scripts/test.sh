#!/usr/bin/env bash
# Runs every test: builds the web client (the end-to-end tests drive it in headless
# Chromium), installs the Yjs peer for the interop test and the reference servers the load
# smoke test drives, builds the server binary the crash tests spawn, then runs the whole suite
# and the web client's unit tests. Test executables that newer builds replaced are dropped first
# (cargo keeps them all, ~230 MB each).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prune_stale_executables
ensure_node
ensure_apt chromium chromium-driver redis-server redis-tools fonts-noto-color-emoji poppler-utils # redis-cli creates the test Redis Cluster; emoji as phones draw them; PDF pages as text and PNG
build_client
ensure_npm_packages tests/interop "the Yjs peer for the interop test"
ensure_npm_packages tools/peers "the reference servers for the load smoke test"
say "building the server binary used by the crash tests"
cargo build -p polyphony-server --bin polyphony
say "running the tests"
cargo test --workspace --exclude polyphony-client "$@"
say "running the web client's unit tests (its pure logic, natively)"
cargo test -p polyphony-client --lib "$@"
