#!/usr/bin/env bash
# Calibration benchmarks (prints figures, asserts nothing):
#  1. fit 100,000 rows x 20 features and score 1,000,000 rows (release build of the core);
#  2. the same 100,000 rows through `branchlens calibrate --table`, compared with scikit-learn
#     on the identical split (needs python3 with scikit-learn and pandas);
#  3. the churn model on sample-data/ and on a bigger generated bank (20,000 customers).
# The machine may be shared: say so when quoting the timings.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
out="$CARGO_TARGET_DIR/bench-calibrate"
mkdir -p "$out"

echo "== core: fit and score (release)"
cargo run -q --release -p branchlens-core --example bench_calibrate -- --csv "$out/table100k.csv"

cargo build -q --release -p branchlens-cli
bin="$CARGO_TARGET_DIR/release/branchlens"

echo "== calibrate --table on the same 100,000 rows"
/usr/bin/time -f "wall %es, peak %MKB" "$bin" calibrate --table "$out/table100k.csv" --label y \
  --split-out "$out/table100k-split.csv" --backtest-json "$out/table100k.json" | sed -n '1,6p'

echo "== scikit-learn on the same split"
if python3 -c "import sklearn, pandas" 2>/dev/null; then
  python3 bench/sklearn_calibrate.py "$out/table100k-split.csv" "$out/table100k.json"
else
  echo "(skipped: pip install scikit-learn pandas)"
fi

echo "== churn model on sample-data/"
/usr/bin/time -f "wall %es, peak %MKB" "$bin" calibrate sample-data --target churn --out "$out/sample.toml" | sed -n '1,6p'

echo "== churn model on a generated bank (20,000 customers, 13 months)"
if [ ! -f "$out/bank20k/customers.csv" ]; then
  "$bin" sample --customers 20000 --months 13 --branches 8 --seed 7 --out "$out/bank20k" >/dev/null
fi
/usr/bin/time -f "wall %es, peak %MKB" "$bin" calibrate "$out/bank20k" --target churn --out "$out/bank20k.toml" | sed -n '1,6p'
