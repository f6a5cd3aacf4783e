#!/usr/bin/env bash
# Benchmark of the in-page explorer (prints figures, asserts nothing).
#
#   scripts/bench-explorer.sh            sample-data/, 100,000 × 12 and 1,000,000 × 3 sets
#   scripts/bench-explorer.sh --small    sample-data/ and the 100,000 set only
#
# Builds the release binary, generates the synthetic sets once with `branchlens sample` (cached
# under target/bench-data/), builds a site of each (`branchlens build`), then
# crates/cli/tests/browser/explorer-bench.mjs opens each site's explorer.html from file:// in headless
# Chromium and times: opening (time to interactive), re-scoring with a changed parameter and
# re-aggregating, a filter change, a new sort; and prints the wasm module's and the data
# bundle's sizes (gzip -9; bytes per customer-period). Figures measured while other work loads
# the machine are slower; say so when reporting them.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

small=0
[ "${1:-}" = "--small" ] && small=1

target=${CARGO_TARGET_DIR:-target}
cargo build --release -p branchlens-cli
case "$target" in /*) ;; *) target="$(pwd)/$target" ;; esac
bin="$target/release/branchlens"
data="$target/bench-data"
sites="$target/bench-sites"
mkdir -p "$data" "$sites"

# sample SET CUSTOMERS MONTHS: generates $data/SET once.
sample() {
  if [ ! -f "$data/$1/customers.csv" ]; then
    echo "generating $1 ($2 customers × $3 months)…" >&2
    rm -rf "$data/$1.tmp"
    "$bin" sample --customers "$2" --months "$3" --branches 25 --seed 7 --out "$data/$1.tmp" >&2
    mv "$data/$1.tmp" "$data/$1"
  fi
}

bench() {
  local name=$1 dir=$2
  echo "== $name" >&2
  local start=$SECONDS
  "$bin" build "$dir" --out "$sites/$name" >/dev/null
  echo "build     $((SECONDS - start)) s (branchlens build, release)"
  (cd crates/cli/tests/browser && node explorer-bench.mjs "$sites/$name" --runs 7)
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench sample-data sample-data
sample explorer-100k-12 100000 12
bench 100k-12 "$data/explorer-100k-12"
if [ "$small" -eq 0 ]; then
  sample explorer-1m-3 1000000 3
  bench 1m-3 "$data/explorer-1m-3"
fi
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
