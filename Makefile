# The two commands a newcomer needs are `make run` and `make test` (README).
GO       ?= go
BIN      := bin/bgpplay
FUZZTIME ?= 30s
# Packages holding fuzz targets, for `make fuzz`.
FUZZPKGS := ./engine/wire ./engine/mrt ./engine/fsm ./engine/rib ./engine/policy ./engine/topo ./engine/speaker

.PHONY: all build run test deps fmt-check vet unit wasm-engine bench-build bench bench-engine fuzz generate clean

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/bgpplay

## run: build and serve the playground on http://127.0.0.1:8080/
run: build
	./$(BIN) serve

## test: everything that exists; installs Debian packages it needs when root
test: deps fmt-check vet wasm-engine bench-build unit

deps:
	@scripts/install-deps.sh

fmt-check:
	@out=$$(gofmt -l cmd engine wasm web lessons bench *.go 2>/dev/null); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# Unit tests, scenario tests and the seed corpora of every fuzz target;
# last, so that its summary closes the output.
unit:
	$(GO) test -timeout 20m ./...

# The engine must build for the browser.
wasm-engine:
	GOOS=js GOARCH=wasm $(GO) build ./engine/...

# The benchmark module must compile and its correctness checks pass; the
# benchmarks themselves run with `make bench`.
bench-build:
	cd bench && $(GO) vet ./... && $(GO) test -run . -bench '^$$' ./...

## bench: codec and MRT benchmarks side by side with GoBGP and bgpdump,
## then the engine's convergence benchmarks
bench: build bench-engine
	cd bench && $(GO) run ./cmd/compare
	scripts/bench-mrt-print.sh

## bench-engine: 1,000 routers converging; a 2002 Internet table through 10 routers
bench-engine:
	$(GO) test -run '^$$' -bench 'Converge1000|BviewChain' -benchtime 1x -count $${COUNT:-3} ./engine/sim

## fuzz: run every fuzz target for FUZZTIME each
fuzz:
	@for pkg in $(FUZZPKGS); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$pkg || exit 1; \
	  done; \
	done

generate:
	$(GO) generate ./...

clean:
	rm -rf bin
