#!/usr/bin/env bash
# Load benchmark: builds the release server and the load generator, installs the reference
# servers from npm (tools/peers), then runs every scenario against each on loopback.
# Extra arguments go to loadgen (try --help; for example --seconds 5 --only 200x5).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_node
ensure_apt util-linux redis-server # taskset; Redis for the scaled-out runs
ensure_npm_packages tools/peers "the reference servers"
say "building the release server and the load generator"
cargo build --release -p polyphony-server -p polyphony-tests --bin polyphony --bin loadgen
exec "$TARGET_DIR/release/loadgen" "$@"
