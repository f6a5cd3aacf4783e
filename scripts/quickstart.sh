#!/usr/bin/env bash
# Builds the release binary and runs the main job on sample-data/: a data check, the report
# site (pages, charts, explorer) and the per-customer score CSV. Needs only stable Rust (cargo):
# the explorer's WebAssembly module is committed (crates/report/site/generated/), so neither the
# wasm32 target nor wasm-bindgen-cli is installed here (scripts/setup.sh, which the test suite
# runs, provides them for rebuilding the module).
#   scripts/quickstart.sh [OUT_DIR] [--lang en|zh-CN]   (default: out, en)
set -euo pipefail
cd "$(dirname "$0")/.."
out=out
lang=en
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) lang="$2"; shift 2 ;;
    *) out="$1"; shift ;;
  esac
done
if ! command -v cargo >/dev/null 2>&1; then
  echo "quickstart: cargo not found; install stable Rust with rustup (https://rustup.rs) first" >&2
  exit 1
fi
cargo build --release -p branchlens-cli
bin="${CARGO_TARGET_DIR:-target}/release/branchlens"
mkdir -p "$out"
set +e
"$bin" --lang "$lang" check sample-data
code=$?
set -e
if [ "$code" -ge 2 ]; then echo "sample-data was rejected (exit $code)" >&2; exit "$code"; fi
"$bin" --lang "$lang" build sample-data --out "$out/site"
"$bin" --lang "$lang" score sample-data --out "$out/scores.csv"
abs=$(cd "$out" && pwd)
echo
echo "Report:              file://$abs/site/index.html   (explorer: $abs/site/explorer.html)"
echo "Per-customer scores: $abs/scores.csv"
echo "Summary (JSON):      $abs/summary.json"
