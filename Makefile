# kyc-sign: build the wasm package and run every test, installing what is missing.
#
#   make test    install tools if missing, build pkg/, run all tests
#   make build   build pkg/ (Node + web targets, one npm package)
#   make demo    build, then serve the demo page and the provider emulator
#   make bench   the benchmark (not part of make test; a smoke run of it is)
#   make fuzz    fuzz the Rust core, FUZZ_SECONDS per target (a smoke run is in make test)
#
# Everything installs from the package registries only (crates.io, npm, Debian):
# see ../shared/TOOLCHAIN.md. Each step is skipped when already done.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

# The wasm-bindgen CLI must be the exact version of the crate in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)
RUST_SOURCES := $(shell find src wasm/src -name '*.rs') wasm/build.rs Cargo.toml wasm/Cargo.toml Cargo.lock
TEMPLATE := $(wildcard pkg-template/* pkg-template/middleware/*)
WASM_PACK_FLAGS := --release --no-pack --no-typescript --out-name kyc_sign
# A second build with wasm SIMD, which sha2 uses for its message schedule; the
# entries load it where WebAssembly.validate accepts a SIMD probe.
SIMD_ENV := CARGO_TARGET_DIR=$(CURDIR)/target/simd RUSTFLAGS="-C target-feature=+simd128"
WASM_OPT_FLAGS := -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals

.PHONY: test build demo tools test-types test-cli test-middleware test-runtimes test-demo bench bench-smoke fuzz fuzz-smoke test-cross-language test-rust test-wasm-node test-wasm-browser test-js test-package lint clean

# ---------------------------------------------------------------- tools

tools: .tools-stamp/wasm-target .tools-stamp/wasm-bindgen-$(WASM_BINDGEN_VERSION) .tools-stamp/wasm-pack node_modules/.package-lock.json

.tools-stamp/wasm-target:
	rustup target add wasm32-unknown-unknown
	@mkdir -p $(@D) && touch $@

.tools-stamp/wasm-bindgen-$(WASM_BINDGEN_VERSION):
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (matches Cargo.lock; takes a few minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi
	@mkdir -p $(@D) && touch $@

.tools-stamp/wasm-pack:
	@command -v wasm-pack >/dev/null || { echo "installing wasm-pack (takes a few minutes)"; cargo install wasm-pack; }
	@mkdir -p $(@D) && touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian's Chromium and its driver, for the browser tests. Installed only when missing.
.tools-stamp/chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "installing Debian chromium + chromium-driver"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi
	@mkdir -p $(@D) && touch $@

# ---------------------------------------------------------------- build

build: pkg/package.json

# wasm-opt is found on PATH (npm binaryen); wasm-pack would otherwise try to download one.
# Assembled in pkg.tmp/ and renamed into place, so a running demo or test
# never sees a half-built package.
pkg/package.json: $(RUST_SOURCES) $(TEMPLATE) wasm/inline.mjs wasm/node-glue.mjs wasm/concat.mjs | tools
	rm -rf pkg.tmp target/wasm-pack
	wasm-pack build wasm --target web --out-dir $(CURDIR)/target/wasm-pack/web $(WASM_PACK_FLAGS)
	$(SIMD_ENV) wasm-pack build wasm --target nodejs --out-dir $(CURDIR)/target/wasm-pack/node-simd $(WASM_PACK_FLAGS) --no-opt
	$(SIMD_ENV) wasm-pack build wasm --target web --out-dir $(CURDIR)/target/wasm-pack/web-simd $(WASM_PACK_FLAGS) --no-opt
	for target in node web; do \
	  wasm-opt $(WASM_OPT_FLAGS) --enable-simd target/wasm-pack/$$target-simd/kyc_sign_bg.wasm -o target/wasm-pack/$$target-simd/kyc_sign_bg.wasm; \
	done
	@# The baseline must load where SIMD does not: refuse a build that let v128 in.
	@! wasm-dis target/wasm-pack/web/kyc_sign_bg.wasm | grep -q v128 || { echo "baseline wasm uses SIMD"; exit 1; }
	mkdir -p pkg.tmp/node pkg.tmp/web/simd pkg.tmp/types
	@# Node (and Bun): the SIMD build, which every Node >= 16.4 runs, inlined.
	node wasm/node-glue.mjs target/wasm-pack/node-simd/kyc_sign.js pkg.tmp/node/kyc_sign.cjs
	node wasm/inline.mjs target/wasm-pack/node-simd/kyc_sign_bg.wasm pkg.tmp/node/kyc_sign_bg.wasm.cjs
	@# The web glue is handed its module by each entry; a default path would make bundlers emit a stray file.
	@! grep -q 'import.meta' target/wasm-pack/web/kyc_sign.js target/wasm-pack/web-simd/kyc_sign.js || { echo "web glue names a default .wasm path"; exit 1; }
	cp target/wasm-pack/web/kyc_sign.js pkg.tmp/web/
	node wasm/inline.mjs target/wasm-pack/web/kyc_sign_bg.wasm pkg.tmp/web/kyc_sign_bg.wasm.js
	cp target/wasm-pack/web-simd/kyc_sign.js target/wasm-pack/web-simd/kyc_sign_bg.wasm pkg.tmp/web/simd/
	node wasm/inline.mjs target/wasm-pack/web-simd/kyc_sign_bg.wasm pkg.tmp/web/simd/kyc_sign_bg.wasm.js
	node wasm/concat.mjs pkg.tmp/node/index.cjs pkg-template/api.js pkg-template/node-index.cjs
	node wasm/concat.mjs pkg.tmp/node/index.mjs pkg-template/node-index.mjs
	@# One ES module per way of loading the wasm: browser/bundlers, Deno, Workers/Vercel Edge.
	for entry in web:index deno:deno edge:edge; do \
	  node wasm/concat.mjs pkg.tmp/web/$${entry##*:}.js pkg-template/$${entry%%:*}-index.js pkg-template/api.js pkg-template/esm-exports.js; \
	done
	cp pkg-template/index.d.ts pkg.tmp/types/index.d.ts
	cp pkg-template/index.d.ts pkg.tmp/types/index.d.cts
	@# The webhook middleware (kyc-sign/express, /fastify, /hono, /next): each ES
	@# module as written, a CommonJS copy made from it line for line (an import
	@# becomes a require, an export an assignment), and the same types for both.
	mkdir -p pkg.tmp/middleware
	for source in pkg-template/middleware/*.mjs; do \
	  name=$$(basename $$source .mjs); \
	  cp $$source pkg.tmp/middleware/$$name.mjs; \
	  sed -E -e "1s/^/'use strict'; /" \
	    -e "s/^import (\{[^}]*\}) from '(\.\/[a-z]+)\.mjs';$$/const \1 = require('\2.cjs');/" \
	    -e "s/^import (\{[^}]*\}) from '([^'.][^']*)';$$/const \1 = require('\2');/" \
	    -e 's/^export function ([A-Za-z]+)/exports.\1 = \1; function \1/' $$source > pkg.tmp/middleware/$$name.cjs; \
	  if grep -nE '^(import|export) ' pkg.tmp/middleware/$$name.cjs; then echo "$$name.cjs: an import or export is left"; exit 1; fi; \
	done
	for types in pkg-template/middleware/*.d.ts; do \
	  cp $$types pkg.tmp/middleware/$$(basename $$types .d.ts).d.mts; \
	  cp $$types pkg.tmp/middleware/$$(basename $$types .d.ts).d.cts; \
	done
	cp pkg-template/package.json README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE pkg.tmp/
	install -D -m 755 pkg-template/cli.mjs pkg.tmp/bin/kyc-sign.mjs
	rm -rf pkg && mv pkg.tmp pkg
	@ls -l pkg/web/simd/kyc_sign_bg.wasm

# The demo: the page, the provider emulator and the server-signing route on
# http://127.0.0.1:8080 (PORT and the KYC_DEMO_* variables pass through).
demo: build
	node www/server.mjs

# ---------------------------------------------------------------- tests

test: test-rust test-wasm-node test-wasm-browser test-js test-types test-cli test-middleware test-runtimes test-cross-language test-package test-demo bench-smoke fuzz-smoke
	@echo "make test: all suites passed"

# The core natively; clippy for the host and for wasm32 (the core without
# its native feature, and the binding); and the core's dependency tree must
# hold nothing of wasm-bindgen: the crate split is what keeps it pure.
test-rust: .tools-stamp/wasm-target
	cargo test --all-targets
	cargo test --doc
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p kyc-sign --no-default-features --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p kyc-sign-wasm --all-targets --target wasm32-unknown-unknown -- -D warnings
	@if cargo tree -p kyc-sign -e normal | grep -E 'wasm-bindgen|js-sys'; then \
	  echo "the core crate depends on wasm-bindgen or js-sys"; exit 1; fi

test-wasm-node: tools
	wasm-pack test --node --release wasm

# The same wasm tests in headless Chromium (flags for root and this offline network in webdriver.json).
test-wasm-browser: tools .tools-stamp/chromium
	WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) --release wasm

test-js: build .tools-stamp/chromium
	node --test tests/js/
	@echo "again on the browser entry (the baseline, non-SIMD build):"
	KYC_TEST_ENTRY=web node --test tests/js/api.test.mjs tests/js/differential.test.mjs tests/js/wasm-memory.test.mjs tests/js/verify.test.mjs

# The package's types under tsc --strict, as installed: tests/types/ (with
# lines that must not compile) and every README example, under TypeScript
# 5.4, 5.x, 6.x and 7.x × node16/nodenext/bundler × with and without
# @types/node and lib dom (see tests/types/run.mjs; the compilers are
# installed once into tests/types/node_modules from its lock file).
test-types: build
	node tests/types/run.mjs

# The command line as a user runs it: `npm pack` of pkg/ installed in a
# scratch project, then `npx kyc-sign …` for each provider, its curl output
# sent to the demo's emulator.
test-cli: build
	node --test tests/cli/

# The providers' own recipes as oracles: Python (urlparse + hmac), PHP
# (parse_url + hash_hmac; php-cli installed when missing), sha256sum/openssl.
test-cross-language: build
	bash tests/cross-language/ensure-php.sh
	KYC_REQUIRE_ORACLES=1 node --test tests/cross-language/

# The demo's emulator, server routes and the page end to end in headless Chromium.
test-demo: build .tools-stamp/chromium
	node --test www/test/*.test.mjs

# Benchmarks against node:crypto, Web Crypto, @noble/hashes and hash-wasm (see
# bench/): throughput and ratios, package size, cold start, and Chromium.
NATIVE_SOFT := target/native-bench/release/kyc-sign-native-bench

bench: build .tools-stamp/chromium $(NATIVE_SOFT)
	node bench/bench.mjs
	node bench/size.mjs
	node bench/cold-start.mjs
	node bench/browser.mjs

# A few iterations of each: checks every implementation agrees, times nothing.
bench-smoke: build .tools-stamp/chromium
	node bench/bench.mjs --smoke
	node bench/size.mjs
	node bench/cold-start.mjs --smoke
	node bench/browser.mjs --smoke

# The software limit: the Rust core natively, with the CPU's SHA extensions off.
$(NATIVE_SOFT): $(RUST_SOURCES) bench/native/Cargo.toml bench/native/src/main.rs
	RUSTFLAGS='--cfg sha2_backend="soft"' CARGO_TARGET_DIR=target/native-bench \
	  cargo build --release --manifest-path bench/native/Cargo.toml

# Fuzz the Rust core (cargo-fuzz on nightly): FUZZ_SECONDS per target, default 60.
fuzz:
	fuzz/run.sh long

# Part of make test: replay fuzz/seeds, then FUZZ_SECONDS (default 5) per target.
fuzz-smoke:
	fuzz/run.sh smoke

# The webhook middleware (kyc-sign/express, /fastify, /hono, /next) in the
# real frameworks, whose versions tests/middleware/package-lock.json pins, with
# `npm pack` of pkg/ installed beside them as a user's project installs it:
# real servers on 127.0.0.1, every provider, the README's middleware examples,
# and the subpaths' types under tsc --strict.
# The runtime matrix (tests/runtimes/README.md): the packed package in Node 20
# and 22, Bun, Deno, wrangler dev (workerd), edge-runtime, Next.js (Turbopack
# and webpack), Vite 5/6/8, webpack, esbuild, Rollup, Parcel and bun build,
# each from npm at the version tests/runtimes/package-lock.json pins, each held
# to one conformance check. Installed once; npm ci again only when the lock changes.
tests/runtimes/node_modules/.package-lock.json: tests/runtimes/package-lock.json
	cd tests/runtimes && npm ci --no-audit --no-fund
	@touch $@

test-runtimes: build .tools-stamp/chromium tests/runtimes/node_modules/.package-lock.json
	node tests/runtimes/run.mjs

tests/middleware/node_modules/.package-lock.json: tests/middleware/package-lock.json
	cd tests/middleware && npm ci --no-audit --no-fund
	@touch $@

test-middleware: build tests/middleware/node_modules/.package-lock.json
	rm -rf target/middleware-pack && mkdir -p target/middleware-pack
	npm pack ./pkg --pack-destination target/middleware-pack --silent
	cd tests/middleware && npm install --no-save --no-audit --no-fund ../../target/middleware-pack/kyc-sign-*.tgz
	node --test tests/middleware/
	tsc -p tests/middleware

test-package: build
	publint run --strict pkg
	attw --pack pkg

clean:
	rm -rf pkg pkg.tmp target/wasm-pack .tools-stamp
