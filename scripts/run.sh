#!/usr/bin/env bash
# Installs what is missing, builds Dropdesk and starts it. With no Dropbox app key configured
# (settings or DROPDESK_APP_KEY) it opens in demo mode.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/setup.sh run
cargo build -p dropdesk-app --locked
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no graphical session (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
  echo "     On a headless machine: xvfb-run -a scripts/run.sh" >&2
  exit 1
fi
exec target/debug/dropdesk "$@"
