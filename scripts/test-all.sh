#!/usr/bin/env bash
# Runs every check and test Dropdesk has, after installing what they need. Exits non-zero on
# the first failure. This is the README's test command; CI runs exactly this.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
# A build from a clean tree gains nothing from incremental caches, and they are a third of
# target/ (2.3 of 6.9 GB); without them the run fits on a smaller disk.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

started=$SECONDS
timings=()
step() {
  local name=$1
  shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  local t0=$SECONDS
  "$@"
  timings+=("$(printf '%5ds  %s' $((SECONDS - t0)) "$name")")
}

# `cargo test` exports the bindings to target/ts-bindings (see .cargo/config.toml).
bindings_unchanged() {
  if ! diff -r target/ts-bindings ui/src/lib/ipc/bindings; then
    echo "The TypeScript bindings in ui/src/lib/ipc/bindings differ from the Rust types." >&2
    echo "Run scripts/update-bindings.sh and commit the result." >&2
    return 1
  fi
}

frontend() {
  (cd ui && npm run --silent check && npm run --silent lint && npm run --silent test)
}

# Shown first so that a run that fills the disk says so at the top of its log.
df -h . | awk 'NR == 2 { print "disk: " $4 " free of " $2 " for target/ (a clean run writes about 5 GB)" }'

step "setup" scripts/setup.sh test
step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
# One build of everything, the app binary included, with the same features the tests use.
step "cargo build (app and tests)" cargo build --workspace --all-targets --locked
step "frontend: type check, lint, unit tests" frontend
# All Rust tests, the WebDriver end-to-end tests among them, in a private desktop session.
rm -rf target/ts-bindings
step "cargo test (unit, integration, end-to-end)" \
  scripts/desktop-session.sh cargo test --workspace --locked
step "bindings drift check" bindings_unchanged
# The .deb and .rpm of the build above, the .deb installed, run and removed. (What ships is
# the same packaging of a release build: scripts/package.sh without --debug.)
step "package: build, install, run, remove" scripts/package.sh --debug --check

printf '\n\033[1mAll checks passed in %ds\033[0m\n' $((SECONDS - started))
printf '%s\n' "${timings[@]}"
