#!/usr/bin/env bash
# End-to-end tests drive Debian's Chromium (Playwright's own browser download cannot work here).
# Installs it when missing and we may (root with apt-get); otherwise says what to install.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
cat >&2 <<MSG
The end-to-end tests need Chromium at $CHROMIUM and it is not installed.
Install it with:   sudo apt-get update && sudo apt-get install -y chromium
(or set CHROMIUM_PATH to another Chromium binary).
MSG
exit 1
