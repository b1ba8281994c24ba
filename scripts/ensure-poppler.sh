#!/usr/bin/env bash
# Installs Debian's poppler-utils (pdftotext, pdftoppm: the meeting-pack tests read the PDF with them) and the DejaVu
# fonts the pack is set in, when they are missing.
set -euo pipefail
missing=()
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Saknas: ${missing[*]}. Installera Debians paket (apt-get install ${missing[*]}) för mötesunderlagets tester." >&2
  exit 1
fi
echo "Installerar ${missing[*]} för mötesunderlagets tester ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
