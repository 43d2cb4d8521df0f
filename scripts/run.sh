#!/usr/bin/env bash
# Builds the web client and the server (release), then runs Polyphony on the embedded store.
# Extra arguments go to `polyphony serve` (try --help). Stop it with Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build_client
say "building the server"
cargo build --release -p polyphony-server --bin polyphony
say "starting Polyphony (data in ${POLYPHONY_DATA_DIR:-./data}); the URL follows"
exec "$TARGET_DIR/release/polyphony" serve --static-dir "$DIST_DIR" "$@"
