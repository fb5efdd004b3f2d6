#!/usr/bin/env bash
# Installs what Dropdesk needs on a Debian or Ubuntu machine, and only what is missing.
#   scripts/setup.sh run    system packages to build and run the app, npm packages
#   scripts/setup.sh package  the above, plus the checkers of what a package installs
#                           (desktop-file-validate, appstreamcli)
#   scripts/setup.sh test   all of the above, plus what the tests need (Xvfb, WebKitWebDriver,
#                           tauri-driver, gnome-keyring, dbus, the official Python SDK)
# Safe to run again: a second run installs nothing.
set -euo pipefail

purpose=${1:-run}
case "$purpose" in
  run | package | test) ;;
  *)
    echo "usage: scripts/setup.sh [run|package|test]" >&2
    exit 2
    ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# --- system packages ---------------------------------------------------------------------
build_packages=(build-essential pkg-config libwebkit2gtk-4.1-dev)
# chromium and chromium-driver: a student's browser for the file request upload page.
# python3-venv: the official Python SDK, the peer the fault test and the benchmark compare with.
test_packages=(xvfb xauth webkit2gtk-driver gnome-keyring dbus dbus-x11 libdbus-1-dev chromium chromium-driver python3 python3-venv)
package_packages=(desktop-file-utils appstream)
packages=("${build_packages[@]}")
[ "$purpose" = run ] || packages+=("${package_packages[@]}")
[ "$purpose" = test ] && packages+=("${test_packages[@]}")

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup: these packages are missing and this is not a Debian/Ubuntu system:" >&2
    echo "  ${missing[*]}" >&2
    echo "Install their equivalents with your package manager, then run this again." >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "setup: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  say "installing system packages: ${missing[*]}"
  # env passes the variable through sudo; the lock timeout waits out unattended-upgrades.
  apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"
else
  say "system packages present (${#packages[@]})"
fi

# --- toolchains --------------------------------------------------------------------------
need() {
  command -v "$1" >/dev/null || {
    echo "setup: $1 is not installed. $2" >&2
    exit 1
  }
}
need cargo "Install Rust with rustup (https://rustup.rs), then run this again."
rust_version=$(rustc --version | awk '{print $2}')
if ! printf '1.90.0\n%s\n' "$rust_version" | sort -V -C; then
  echo "setup: Rust $rust_version is too old; Dropdesk needs 1.90 or newer (rustup update stable)." >&2
  exit 1
fi
need node "Install Node.js 20.19 or newer, then run this again."
need npm "Install npm (it comes with Node.js), then run this again."
node_version=$(node -p 'process.versions.node')
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||a===22&&b>=12||a===20&&b>=19?0:1)'; then
  echo "setup: Node.js $node_version is too old for the frontend's build tools; install 20.19+ or 22.12+." >&2
  exit 1
fi

# --- npm packages ------------------------------------------------------------------------
# npm ci only when the lock file is newer than what was installed from it.
stamp="$root/ui/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$root/ui/package-lock.json" -nt "$stamp" ]; then
  say "installing npm packages (npm ci)"
  (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
else
  say "npm packages present"
fi

# --- test tools --------------------------------------------------------------------------
if [ "$purpose" = test ]; then
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  # Pinned to major 2: a 3.0 alpha is published.
  if tauri-driver --help >/dev/null 2>&1 && cargo install --list | grep -q '^tauri-driver v2\.'; then
    say "tauri-driver 2 present"
  else
    say "installing tauri-driver ^2 (cargo install)"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi

  "$root/scripts/python-sdk.sh"
fi
