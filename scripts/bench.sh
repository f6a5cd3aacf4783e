#!/usr/bin/env bash
# Benchmarks of the release binary on a synthetic bank; prints figures, never asserts.
#
#   scripts/bench.sh            100,000 customers × 12 months × 25 branches (seed 7)
#   scripts/bench.sh --scale    also 10,000 and 1,000,000 customers (the 1M set is ~1.5 GB)
#   scripts/bench.sh --runs 5   runs per measurement (default 3; the median is reported)
#
# Measures, each RUNS times, wall time and peak RSS (/usr/bin/time -f '%e %M') of
#   check   load + validate
#   score   load + every metric + writing the score CSV and summary.json, with the phase
#           breakdown of the hidden `--timings` flag (analyze = all metrics after loading)
#   polars  bench/polars_score.py, an independent Polars implementation of the per-customer
#           columns (when python3 is available; installs polars with pip if missing), whose CSV
#           is then compared with branchlens's (bench/compare.py).
# Data sets are generated once with `branchlens sample` and cached under target/bench-data/,
# keyed by size and by a hash of the generator's source (a changed generator regenerates).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
scale=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=1 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --scale, --runs N)" >&2; exit 2 ;;
  esac
  shift
done
months=12 branches=25 seed=7
if [ "$scale" = 1 ]; then sizes="10000 100000 1000000"; else sizes="100000"; fi

log() { printf '[bench] %s\n' "$*" >&2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is required" >&2; exit 2; }

log "building --release"
cargo build --release -p branchlens-cli --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/branchlens"
out_root=target/bench-out
mkdir -p target/bench-data "$out_root"

# Polars available? (installed quietly with pip when missing)
py=""
if command -v python3 >/dev/null 2>&1; then
  if ! python3 -c 'import polars' >/dev/null 2>&1; then
    log "installing polars (pip install --quiet polars)"
    python3 -m pip install --quiet polars >/dev/null 2>&1 || log "pip install polars failed; skipping the Polars comparison"
  fi
  if python3 -c 'import polars' >/dev/null 2>&1; then py=python3; fi
else
  log "python3 not found; skipping the Polars comparison"
fi

# Helpers and the cached data sets: scripts/bench-lib.sh.
. scripts/bench-lib.sh

# measure NAME OKCODES CMD...: runs CMD $runs times; appends "wall rss" lines to $work/NAME.time
# and the stderr timing lines to $work/NAME.err. OKCODES: space-separated accepted exit codes.
measure() {
  local name=$1 ok=$2 i code
  shift 2
  : >"$work/$name.time"
  : >"$work/$name.err"
  for ((i = 1; i <= runs; i++)); do
    set +e
    /usr/bin/time -f '%e %M' -o "$work/$name.t1" "$@" >"$work/$name.out" 2>"$work/$name.e1"
    code=$?
    set -e
    if [[ " $ok " != *" $code "* ]]; then
      echo "$name failed with exit $code:" >&2
      cat "$work/$name.e1" "$work/$name.t1" >&2
      exit 1
    fi
    tail -n1 "$work/$name.t1" >>"$work/$name.time"
    grep -E '^(timing|polars) ' "$work/$name.e1" >>"$work/$name.err" || true
  done
}

# field NAME KEY: the median of KEY=…ms over the timing lines of NAME
field() { grep -o " $2=[0-9.]*" "$work/$1.err" | cut -d= -f2 | median; }

rows=()
compare_reports=()
for n in $sizes; do
  data=$(dataset "$n")
  work=$out_root/c$n
  mkdir -p "$work"
  # Warm the page cache so every run reads from memory.
  cat "$data"/*.csv >/dev/null
  csv_mb=$(du -m "$data/customers.csv" | cut -f1)
  csv_rows=$(($(wc -l <"$data/customers.csv") - 1))
  log "$(human "$n"): customers.csv $csv_mb MB, $csv_rows rows; $runs runs each"

  la=$(load1)
  measure check "0 1" "$bin" --timings check "$data"
  rows+=("$(human "$n")|check|$work/check|$la")
  la=$(load1)
  measure score "0" "$bin" --timings score "$data" --out "$work/scores.csv"
  rows+=("$(human "$n")|score|$work/score|$la")
  if [ -n "$py" ]; then
    la=$(load1)
    measure polars "0" "$py" bench/polars_score.py "$data" "$work/polars_scores.csv"
    rows+=("$(human "$n")|polars|$work/polars|$la")
    compare_reports+=("$(human "$n")|$work")
  fi
done

echo
echo "branchlens bench — $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty'), \
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, generator $gen_hash"
echo "data: N customers × $months months × $branches branches, seed $seed; median of $runs runs; load1 = 1-min load average before the runs"
echo "phases (ms) from --timings; polars phases are inside the script (excluding Python start-up and 'import polars'; see 'import')"
echo
printf '%-6s %-7s %9s %13s %10s %9s %10s %9s %9s %10s %6s\n' \
  size command "wall s" "(min–max)" "peakRSS MB" "load ms" "analyze ms" "write ms" "total ms" "import ms" load1
for r in "${rows[@]}"; do
  IFS='|' read -r size cmd base la <<<"$r"
  name=$(basename "$base")
  work=$(dirname "$base")
  wall=$(cut -d' ' -f1 "$work/$name.time" | median)
  span=$(cut -d' ' -f1 "$work/$name.time" | minmax)
  rss=$(cut -d' ' -f2 "$work/$name.time" | median)
  if [ "$cmd" = polars ]; then
    an=$(field "$name" compute) imp=$(field "$name" import)
  else
    an=$(field "$name" analyze) imp="-"
  fi
  printf '%-6s %-7s %9s %13s %10.0f %9s %10s %9s %9s %10s %6s\n' "$size" "$cmd" "$wall" "($span)" \
    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$(field "$name" load)" "$an" "$(field "$name" write)" \
    "$(field "$name" total)" "$imp" "$la"
done
echo "(polars: 'analyze ms' = compute of the per-customer columns only; branchlens's analyze also"
echo " computes manager/branch performance and the summary.json figures)"

for r in "${compare_reports[@]}"; do
  IFS='|' read -r size work <<<"$r"
  echo
  echo "agreement, $size: branchlens score vs bench/polars_score.py (same customers.csv/managers.csv, latest period)"
  "$py" bench/compare.py "$work/scores.csv" "$work/polars_scores.csv" | sed 's/^/  /'
done
echo
echo "uptime:$(uptime | sed 's/.*up/ up/')"
