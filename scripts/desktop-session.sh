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

# A session bus that activates no desktop services (no portal mounting FUSE folders, no
# accessibility bus), so the session is the same on every machine...
mkdir -p "$session/dbus-services"
# ...except the Secret Service, which gnome-keyring provides.
for service in org.freedesktop.secrets org.gnome.keyring; do
  [ -f "/usr/share/dbus-1/services/$service.service" ] &&
    ln -s "/usr/share/dbus-1/services/$service.service" "$session/dbus-services/"
done
cat >"$session/dbus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=$session/runtime</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$session/dbus-services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

# -e inside: a failing step must fail the session.
dbus-run-session --config-file="$session/dbus.conf" -- bash -ec '
  # Starts the Secret Service and creates/unlocks the login keyring with this password. The
  # assignment fails the session if the daemon does; the ping fails it if the service is absent.
  keyring_env=$(printf "%s" dropdesk-session | gnome-keyring-daemon --unlock --components=secrets)
  eval "$keyring_env"
  export GNOME_KEYRING_CONTROL
  dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.DBus.Peer.Ping >/dev/null
  exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24 -nolisten tcp" "$@"
' desktop-session "$@"
