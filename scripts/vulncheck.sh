#!/usr/bin/env bash
# Run govulncheck against a local copy of the Go vulnerability database.
#
# govulncheck normally fetches the database from vuln.go.dev, which this
# project's machines cannot reach. The same data is published as the Go
# module golang.org/x/vulndb (data/osv/*.json), which the module proxy
# serves; vulndb's own cmd/indexdb turns those OSV files into the layout
# govulncheck reads with -db file://. So everything comes through the
# module proxy, like any other dependency.
#
#   scripts/vulncheck.sh                  # newest vulndb the proxy serves
#   VULNDB_VERSION=v0.0.0-2026... scripts/vulncheck.sh
#
# Exit status is govulncheck's: 0 clean, 3 reachable findings.
set -euo pipefail
cd "$(dirname "$0")/.."

export GOTOOLCHAIN=go1.27.3   # as go.mod; see the README
GOVULNCHECK_VERSION=v1.9.0
VULNDB_VERSION="${VULNDB_VERSION:-latest}"

# Tools are built with the project's toolchain (a govulncheck built by an
# older Go cannot load a newer standard library) into their own bin dir.
bin="$(go env GOPATH)/bin/houqin-vulncheck-$(go env GOVERSION)"
mkdir -p "$bin"
if [ ! -x "$bin/govulncheck" ]; then
  GOFLAGS= GOBIN="$bin" go install "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION"
fi

# Outside the module, so go.mod and go.sum stay as they are.
dir="$(cd / && GOFLAGS= go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
ver="$(basename "$dir")"; ver="${ver#vulndb@}"
if [ ! -x "$bin/indexdb" ]; then
  GOFLAGS= GOBIN="$bin" go install "golang.org/x/vulndb/cmd/indexdb@$ver"
fi

db="${TMPDIR:-/tmp}/houqin-vulndb-$ver"
if [ ! -f "$db/index/modules.json" ]; then
  rm -rf "$db.tmp"
  "$bin/indexdb" -vulns "$dir/data/osv" -out "$db.tmp"
  mv "$db.tmp" "$db"
fi
newest="$(ls "$dir/data/osv" | sort -V | tail -1)"
echo "vulncheck: $(go version | cut -d' ' -f3), govulncheck $GOVULNCHECK_VERSION, golang.org/x/vulndb@$ver ($(ls "$dir/data/osv" | wc -l) entries, newest ${newest%.json})"
exec "$bin/govulncheck" -db "file://$db" "$@" ./...
