#!/usr/bin/env bash
# Installs what the 扫码报修 sheet's test needs on Debian: a CJK TrueType font
# for the PDF (houqin qr embeds it), poppler-utils to render the PDF's pages
# (pdftoppm) and zbar-tools to read the printed QR codes back (zbarimg).
# Headless Chromium does not render PDFs, so it cannot do this. Does nothing
# when all are present.
set -euo pipefail
need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v zbarimg >/dev/null || need+=(zbar-tools)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y "${need[@]}"
fi
