# houqin: `make test` is what CI runs.
GO ?= go

.PHONY: test vet fault build demo bench

test: vet
	$(GO) test -count=1 ./...

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags fault ./bot/fault/

# The outbox's fault tests: worker processes killed under load, a channel
# outage on an injected clock (about 30 s; see the README).
fault:
	$(GO) test -tags fault -count=1 -v ./bot/fault/

build:
	$(GO) build -o houqin ./cmd/houqin

demo:
	$(GO) run ./cmd/houqin demo

bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -benchmem ./...
