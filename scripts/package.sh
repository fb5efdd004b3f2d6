#!/usr/bin/env bash
# Builds Dropdesk's Linux packages with the Tauri bundler (the npm CLI, @tauri-apps/cli): a
# release build of the app, then a .deb and an .rpm in target/packages/, named as Debian and
# Fedora name them. Checks the desktop entry and the AppStream metainfo they carry.
#
#   scripts/package.sh            build the packages (a release build, as they ship)
#   scripts/package.sh --debug    package the debug build instead (the one the tests built),
#                                 in seconds rather than the release build's minutes
#   scripts/package.sh --check    also install the .deb on this machine (root or sudo), run
#                                 the installed app in a private desktop session
#                                 (tests/tests/installed_package.rs), and remove the package
# The test command runs `scripts/package.sh --debug --check`.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
say() { printf '\033[1mpackage:\033[0m %s\n' "$*"; }

check=false
profile=release
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    --debug) profile=debug ;;
    *)
      echo "usage: scripts/package.sh [--debug] [--check]" >&2
      exit 2
      ;;
  esac
done

if $check; then scripts/setup.sh test; else scripts/setup.sh package; fi

version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json)
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
tauri=ui/node_modules/.bin/tauri
bundle=target/$profile/bundle
rm -rf "$bundle/deb" "$bundle/rpm"
# The frontend is built by the app's build script, as for every cargo build.
if [ "$profile" = release ]; then
  say "building the release app and its packages ($($tauri --version))"
  "$tauri" build --ci --bundles deb,rpm -- --locked
else
  say "packaging the debug build ($($tauri --version))"
  # What the test command built: the whole workspace, so no crate is built a second time with
  # other features.
  cargo build --workspace --all-targets --locked
  "$tauri" bundle --ci --debug --bundles deb,rpm
fi

packages=target/packages
[ "$profile" = release ] || packages=target/packages-debug
rm -rf "$packages"
mkdir -p "$packages"
deb=$packages/dropdesk_${version}_${arch}.deb
cp "$bundle"/deb/*.deb "$deb"
rpm_built=("$bundle"/rpm/*.rpm)
rpm=$packages/$(basename "${rpm_built[0]}" | sed 's/^Dropdesk-/dropdesk-/')
cp "${rpm_built[0]}" "$rpm"

# What the desktop reads, as the package ships it.
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
desktop-file-validate "$unpacked/usr/share/applications/Dropdesk.desktop"
appstreamcli validate --no-net "$unpacked/usr/share/metainfo/app.dropdesk.Dropdesk.metainfo.xml"
say "the desktop entry and the metainfo are valid"
dpkg-deb --field "$deb" Package Version Depends Recommends | sed 's/^/  /'
ls -l "$deb" "$rpm" | awk '{ printf "  %s  %.1f MB\n", $NF, $5 / 1e6 }'

$check || exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
say "installing $deb"
"${apt[@]}" install -y -q --no-install-recommends "./$deb"
remove() { "${apt[@]}" remove -y -q dropdesk >/dev/null && say "removed the package"; }
trap 'remove; rm -rf "$unpacked"' EXIT
[ "$(command -v dropdesk)" = /usr/bin/dropdesk ] || {
  echo "package: /usr/bin/dropdesk is not on PATH after installing" >&2
  exit 1
}
DROPDESK_APP_BINARY=/usr/bin/dropdesk scripts/desktop-session.sh \
  cargo test --locked --workspace --test installed_package -- --ignored
