#!/usr/bin/env bash
# Runs a command inside a private desktop session, as the app's tests need it:
#   - all XDG directories in a fresh temporary folder (nothing of the user's is touched),
#   - a D-Bus session bus,
#   - gnome-keyring's Secret Service, unlocked with a throwaway password,
#   - an Xvfb display.
# Usage: scripts/desktop-session.sh COMMAND [ARGS...]   (exit status is the command's)
set -euo pipefail

[ $# -gt 0 ] || {
  echo "usage: scripts/desktop-session.sh COMMAND [ARGS...]" >&2
  exit 2
}

session=$(mktemp -d "${TMPDIR:-/tmp}/dropdesk-session.XXXXXX")
trap 'rm -rf "$session"' EXIT
for dir in config data cache state runtime; do mkdir -p "$session/$dir"; done
chmod 700 "$session/runtime"
export XDG_CONFIG_HOME="$session/config" XDG_DATA_HOME="$session/data"
export XDG_CACHE_HOME="$session/cache" XDG_STATE_HOME="$session/state"
export XDG_RUNTIME_DIR="$session/runtime"
export NO_AT_BRIDGE=1 # no accessibility bus in a headless session; stops GTK warnings

# -e inside: a failing step must fail the session.
dbus-run-session -- bash -ec '
  # Starts the Secret Service and creates/unlocks the login keyring with this password.
  eval "$(printf "%s" dropdesk-session | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24 -nolisten tcp" "$@"
' desktop-session "$@"
