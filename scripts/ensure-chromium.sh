#!/usr/bin/env bash
# Installs Debian's Chromium (for the browser tests) when it is missing. Never downloads Playwright's own browser.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium saknas: installera Debians paket 'chromium' (apt-get install chromium) för webbläsartesterna." >&2
  exit 1
fi
echo "Installerar Chromium för webbläsartesterna ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
