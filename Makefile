# Gloss — two commands on a fresh Debian machine:
#   make run    installs what is missing, opens the app on the default workspace
#   make test   installs what is missing, runs every test
SHELL := /bin/bash
export LANG := en_US.UTF-8
export LC_ALL :=
GO ?= go
BIN := bin/gloss
TAGS := migrated_fynedo
# Packages needed to build (cgo/GLFW) and to run the GUI checks under Xvfb.
APT_BUILD := libgl1-mesa-dev xorg-dev
# A complete colour emoji font, which the window prefers to Fyne's own (app/apptheme).
APT_RUN := fonts-noto-color-emoji
APT_TEST := xvfb imagemagick xdotool
# The team-sync tests start throw-away PostgreSQL servers (initdb + pg_ctl).
APT_TEST += postgresql
FUZZTIME ?= 4s
SOAK_FUZZTIME ?= 2m
# How long the fuzzer may minimise one new input (go's default, 60s, can eat a short run).
FUZZMINIMIZETIME ?= 2s
SOAK_FUZZMINIMIZETIME ?= 20s

.PHONY: run test build deps deps-test vet unit fuzz gui-smoke bench soak race package clean

run: deps build
	./$(BIN)

build: deps
	$(GO) build -tags $(TAGS) -o $(BIN) .

UNITLOG := $(or $(TMPDIR),/tmp)/gloss-unit.log

test: deps deps-test vet unit fuzz
	@echo "tests: $$(grep -c '^--- PASS' $(UNITLOG)) passed, $$(grep -c '^--- FAIL' $(UNITLOG)) failed, $$(grep -c '^--- SKIP' $(UNITLOG)) skipped"

# deps installs the Debian packages that are missing (as root through apt-get; otherwise
# it prints the command to run) and downloads the Go modules.
deps:
	@./.ci/apt-ensure $(APT_BUILD) $(APT_RUN)
	@$(GO) mod download

deps-test:
	@./.ci/apt-ensure $(APT_TEST)

vet:
	$(GO) vet -tags ci,$(TAGS) ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

# Unit, widget and integration tests (the GUI smoke test starts Xvfb itself when present).
# -v feeds the closing count of `make test`; only package results and failures are shown.
unit:
	set -o pipefail; $(GO) test -v -tags ci,$(TAGS) -count=1 -timeout 20m ./... 2>&1 | tee $(UNITLOG) \
		| grep -E --line-buffered '^(ok|FAIL|panic:|--- FAIL|--- SKIP)|^\s+[A-Za-z0-9_]+\.go:[0-9]+: '

# A short run of every fuzz target (make soak runs them longer).
fuzz:
	@./.ci/fuzz-all $(FUZZTIME) $(FUZZMINIMIZETIME)

bench:
	$(GO) test -tags ci,$(TAGS) -run '^$$' -bench . -benchmem -benchtime 3x -timeout 60m ./... | tee bench.out

soak:
	GLOSS_SOAK=1 $(GO) test -tags ci,$(TAGS) -count=1 -timeout 120m ./...
	@./.ci/fuzz-all $(SOAK_FUZZTIME) $(SOAK_FUZZMINIMIZETIME)

# Every test under the race detector (about 15 minutes on 2 cores; not part of make test).
race: deps deps-test
	$(GO) test -race -tags ci,$(TAGS) -count=1 -timeout 60m ./...

package: deps
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package -os linux -release
	@ls -la *.tar.xz

clean:
	rm -rf bin bench.out *.tar.xz
