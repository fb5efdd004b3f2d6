#!/usr/bin/env bash
# Prints Dropdesk's benchmark figures (release builds, loopback only).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
echo "== emulator"
cargo run --quiet --release --locked -p dropbox-emulator --example bench
echo "== client beside the official Python SDK (same emulator, 50 ms latency per call)"
scripts/python-sdk.sh
cargo run --quiet --release --locked -p dropbox-client --example latency_bench
echo "== Paper (preview render, calls per save)"
cargo run --quiet --release --locked -p dropdesk-core --example paper_bench
echo "== courses (matching and the grid, in the core)"
cargo run --quiet --release --locked -p dropdesk-core --example courses_bench
echo "== a term's plan (100 requests; emulator with 50 ms latency; the official Python SDK beside)"
cargo run --quiet --release --locked -p dropdesk-core --example term_bench
echo "== app (release build; emulator with 50 ms latency per call; a private desktop session)"
cargo build --quiet --release --locked -p dropdesk-app
stat -c %s target/release/dropdesk | awk '{ printf "release binary: %.1f MB (goal <= 15 MB)\n", $1 / 1e6 }'
scripts/package.sh >/dev/null
for package in target/packages/dropdesk*; do
  stat -c '%s %n' "$package" | awk '{ sub(".*/", "", $2); printf "package %s: %.1f MB\n", $2, $1 / 1e6 }'
done
cargo build --quiet --release --locked -p dropdesk-e2e --example submissions_bench
scripts/desktop-session.sh target/release/examples/submissions_bench
echo "== app, cold start to the first request row, demo and signed in, and idle memory"
cargo build --quiet --release --locked -p dropdesk-e2e --example cold_start_bench
scripts/desktop-session.sh target/release/examples/cold_start_bench
echo "== app, the request list at 100 / 1,000 / 4,000 requests (release build; 50 ms latency)"
cargo build --quiet --release --locked -p dropdesk-e2e --example request_list_bench
scripts/desktop-session.sh target/release/examples/request_list_bench
echo "== app under live updates (release build; 200 uploads with the pane open)"
cargo build --quiet --release --locked -p dropdesk-e2e --example live_updates_bench
scripts/desktop-session.sh target/release/examples/live_updates_bench
echo "== app, the course grid (release build; 500 students × 20 requests, emulator on loopback)"
cargo build --quiet --release --locked -p dropdesk-e2e --example course_grid_bench
scripts/desktop-session.sh target/release/examples/course_grid_bench
