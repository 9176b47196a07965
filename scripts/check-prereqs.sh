#!/usr/bin/env bash
# Checks, before `make test` runs anything, that this machine has what the
# tests need beyond Go, and says in one sentence what is missing: the
# PostgreSQL server binaries (the private test clusters), and Chromium with
# a CJK font (the page tests take real screenshots; they fail, never skip,
# without them), and poppler-utils and zbar-tools (the QR sheet test reads
# its codes back). .ci/run installs all of it; on your machine run
# scripts/install-chromium.sh as root, or apt-get install the packages named.
set -u
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)   # houqin qr's test renders the PDF
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)       # and reads its QR codes back
if [ ${#missing[@]} -gt 0 ]; then
  echo "make test: missing ${missing[*]}: install with 'apt-get install ${missing[*]}' (as root), or run scripts/install-chromium.sh and scripts/install-qr-tools.sh." >&2
  exit 1
fi
