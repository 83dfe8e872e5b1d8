#!/usr/bin/env bash
# Install the system packages the tests drive: Debian's chromium (browser tests, with a
# Korean font so pages and screenshots render Hangul) and, through podman-setup.sh,
# podman (container smoke test). Needs root for apt-get; without root it only reports
# what is missing, and the tests that need it skip (or fail under CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for pkg in chromium fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "missing ${missing[*]} and not root: browser tests will skip (fail under CI=true)." >&2
  fi
fi

if [ -f .ci/podman-setup.sh ]; then
  if [ "$(id -u)" -eq 0 ]; then
    bash .ci/podman-setup.sh
  else
    echo "not root: skipping podman setup; container tests will skip (fail under CI=true)." >&2
  fi
fi
