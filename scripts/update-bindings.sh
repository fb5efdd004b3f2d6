#!/usr/bin/env bash
# Regenerates the TypeScript types of the IPC boundary from the Rust types (ts-rs) and copies
# them into ui/src/lib/ipc/bindings/. Commit the result.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
rm -rf target/ts-bindings
cargo test --workspace --lib --quiet export_bindings >/dev/null
rm -rf ui/src/lib/ipc/bindings
cp -r target/ts-bindings ui/src/lib/ipc/bindings
echo "bindings updated: $(ls ui/src/lib/ipc/bindings | wc -l) files in ui/src/lib/ipc/bindings"
