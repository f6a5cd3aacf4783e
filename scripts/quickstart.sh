#!/usr/bin/env bash
# Sets up, builds the release binary and runs the main job on sample-data/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release -p branchlens-cli
bin=target/release/branchlens
out=${1:-out}
mkdir -p "$out"
set +e
"$bin" check sample-data
code=$?
set -e
if [ "$code" -ge 2 ]; then echo "sample-data was rejected (exit $code)" >&2; exit "$code"; fi
"$bin" score sample-data --out "$out/scores.csv"
echo
echo "Per-customer scores: $(cd "$out" && pwd)/scores.csv"
echo "Summary (JSON):      $(cd "$out" && pwd)/summary.json"
