#!/usr/bin/env bash
# Installs what the digest page's browser test needs on Debian: the
# chromium package (headless screenshots) and one small CJK font, so the
# screenshot shows Chinese rather than empty boxes (phones bring their own
# fonts; a bare server has none). Does nothing when both are present.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y "${need[@]}"
fi
