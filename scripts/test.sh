#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script).
# Installs what it needs first (scripts/setup.sh --browser: also chromium, crates/cli/tests/browser's
# node_modules and TypeScript in crates/report/site), then: format, lints, the wasm32 builds, the
# explorer's script type-checked against the module's exports, all Rust tests, and the core's
# metrics under wasm compared with native results.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n== %s\n' "$*" >&2; }

step "setup"
bash scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "wasm32 build of core and wasm"
cargo build --target wasm32-unknown-unknown -p branchlens-core -p branchlens-wasm

step "explorer wasm: crates/report/site/generated/ matches a fresh build of crates/wasm"
bash scripts/build-wasm.sh --check

step "explorer script: TypeScript check of crates/report/site/explorer/ (against generated/*.d.ts)"
node crates/report/site/check.mjs

step "fuzz corpora replayed and a 2 s mutation smoke run per fuzz target (stable; fuzz/README.md)"
cargo test -p branchlens-fuzz-targets --test corpus

step "cargo test"
cargo test --workspace --all-targets

step "core under wasm (Node) vs native"
bash scripts/wasm-parity.sh
