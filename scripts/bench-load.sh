#!/usr/bin/env bash
# Benchmarks loading a bank's monthly platform export against the same data in contract form
# (issue 11); prints figures, never asserts.
#
#   scripts/bench-load.sh            100,000 customers × 12 months × 25 branches (seed 1)
#   scripts/bench-load.sh --runs 5   runs per measurement (default 3; the median is reported)
#
# The data: `branchlens sample --customers 100000 --months 12 --branches 25 --seed 1` (one
# customers.csv holding every month, contract headers), converted by the platform_export
# example (crates/cli/examples/platform_export) into 12 monthly 客户月报_YYYYMM.xlsx workbooks
# (platform headers, 万元, YYYYMMDD, Chinese values, no period column, a GBK managers file and
# the branchlens.toml mapping) and into the same export as 12 monthly CSV files. Both are
# cached under target/bench-data/. Each form is loaded with `branchlens check DIR` (read,
# decode, map, validate, summarise: no scoring, no site) and `branchlens score DIR`; wall time
# and peak RSS come from GNU time -v.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:?--runs needs a number}; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --runs N)" >&2; exit 2 ;;
  esac
  shift
done
log() { printf '[bench-load] %s\n' "$*" >&2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is required" >&2; exit 2; }

log "building --release (binary and the platform_export example)"
cargo build --release -p branchlens-cli --quiet
cargo build --release -p branchlens-cli --example platform_export --quiet
target=${CARGO_TARGET_DIR:-target}
case "$target" in /*) ;; *) target=$PWD/$target ;; esac
bin=$target/release/branchlens
conv=$target/release/examples/platform_export
months=12 branches=25 seed=1
. scripts/bench-lib.sh
conv_hash=$(cat crates/cli/examples/platform_export/*.rs | sha256sum | cut -c1-12)

contract=$(dataset 100000)
export_dir() {
  local format=$1 dir
  dir=target/bench-data/platform-$format-c100000-s$seed-g$gen_hash-x$conv_hash
  if [ ! -f "$dir/branchlens.toml" ]; then
    rm -rf target/bench-data/platform-$format-* "$dir.tmp"
    log "converting $contract into 12 monthly $format files"
    local t0=$SECONDS
    "$conv" "$contract" "$dir.tmp" --format "$format" --jobs 2 >/dev/null
    mv "$dir.tmp" "$dir"
    log "converted in $((SECONDS - t0)) s"
  fi
  echo "$dir"
}
xlsx=$(export_dir xlsx)
csvs=$(export_dir csv)

work=target/bench-load
mkdir -p "$work"
# measure NAME CMD...: runs CMD $runs times; "wall rss_kb" lines in $work/NAME.time. `check`
# exits 1 when it lists warnings: only 2 and above is a failure.
measure() {
  local name=$1 i code
  shift
  : >"$work/$name.time"
  for ((i = 1; i <= runs; i++)); do
    set +e
    /usr/bin/time -v -o "$work/$name.tv" "$@" >"$work/$name.out" 2>"$work/$name.err"
    code=$?
    set -e
    if [ "$code" -ge 2 ]; then
      echo "$name failed with exit $code:" >&2
      tail -n 20 "$work/$name.err" >&2
      exit 1
    fi
    echo "$(wall_seconds "$work/$name.tv") $(rss_kb "$work/$name.tv")" >>"$work/$name.time"
  done
}

names=()
for form in contract:"$contract" csv:"$csvs" xlsx:"$xlsx"; do
  name=${form%%:*} dir=${form#*:}
  cat "$dir"/* >/dev/null 2>&1 || true # warm the page cache
  log "$name: $(du -sm "$dir" | cut -f1) MB in $(find "$dir" -maxdepth 1 -type f | wc -l) files; $runs runs each"
  measure "check-$name" "$bin" check "$dir"
  measure "score-$name" "$bin" score "$dir" --out "$work/scores-$name.csv"
  names+=("check-$name" "score-$name")
done

echo
echo "branchlens load bench — $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty'), \
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, load1 $(load1)"
echo "data: 100k customers × 12 months × 25 branches, seed 1; median of $runs runs (GNU time -v)"
echo "contract = one customers.csv; csv = 12 monthly CSV exports + mapping; xlsx = 12 monthly .xlsx + mapping"
echo
printf '%-16s %9s %15s %11s %8s\n' run "wall s" "(min–max)" "peakRSS MB" "vs contract"
for n in "${names[@]}"; do
  wall=$(cut -d' ' -f1 "$work/$n.time" | median)
  base=$(cut -d' ' -f1 "$work/${n%%-*}-contract.time" | median)
  printf '%-16s %9s %15s %11.0f %8s\n' "$n" "$wall" "($(cut -d' ' -f1 "$work/$n.time" | minmax))" \
    "$(cut -d' ' -f2 "$work/$n.time" | median | awk '{ print $1 / 1024 }')" \
    "$(awk -v a="$wall" -v b="$base" 'BEGIN { printf "%.2f×", a / b }')"
done
if cmp -s "$work/scores-contract.csv" "$work/scores-xlsx.csv" && cmp -s "$work/scores-contract.csv" "$work/scores-csv.csv"; then
  echo "scores: identical in all three forms"
else
  echo "scores: DIFFER between the forms (see $work/scores-*.csv)"
fi
