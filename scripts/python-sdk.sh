#!/usr/bin/env bash
# Makes target/python-sdk: a virtualenv with the official Dropbox SDK for Python (pinned), the
# peer the term plan's fault test and the benchmark compare with. Needs python3 and
# python3-venv (scripts/setup.sh test installs them). Safe to run again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sdk_version=12.2.5
venv="$root/target/python-sdk"
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
if "$venv/bin/python" -c "import dropbox, sys; sys.exit(dropbox.__version__ != '$sdk_version')" 2>/dev/null; then
  say "official Python SDK $sdk_version present"
else
  say "installing the official Python SDK $sdk_version (pip, in target/python-sdk)"
  rm -rf "$venv"
  python=/usr/bin/python3
  [ -x "$python" ] || python=python3
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "dropbox==$sdk_version"
fi
