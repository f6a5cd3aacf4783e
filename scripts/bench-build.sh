#!/usr/bin/env bash
# Benchmarks `branchlens build` (the static site) with the release binary; prints figures,
# never asserts.
#
#   scripts/bench-build.sh              10,000 and 100,000 customers × 12 months × 25 branches
#   scripts/bench-build.sh --scale      also 1,000,000 customers (the data set is ~1.5 GB)
#   scripts/bench-build.sh --runs 5     runs per measurement (default 3; the median is reported)
#   scripts/bench-build.sh --no-split   skip the `--split-by branch` builds
#   scripts/bench-build.sh --sizes "1000000"   only these customer counts
#
# For each size: wall time and peak RSS (GNU time -v) of `build DATA --out SITE` into a fresh
# directory, and of `build --split-by branch` (one site per branch plus head office), each RUNS
# times; the size of the site, its page count and the size of the explorer's data bundle.
# Data sets are the ones scripts/bench.sh uses: generated once with `branchlens sample` (seed 7)
# and cached under target/bench-data/, keyed by size and a hash of the generator's source.
# The 1-minute load average before each measurement is printed: figures taken while other
# builds run on the machine are not comparable.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
scale=0
split=1
sizes=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=1 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --no-split) split=0 ;;
    --sizes) sizes=${2:?--sizes needs a list of customer counts}; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --scale, --runs N, --no-split, --sizes LIST)" >&2; exit 2 ;;
  esac
  shift
done
# Same generator parameters as scripts/bench.sh, so both share the cached data sets.
months=12 branches=25 seed=7
if [ -z "$sizes" ]; then
  if [ "$scale" = 1 ]; then sizes="10000 100000 1000000"; else sizes="10000 100000"; fi
fi

log() { printf '[bench-build] %s\n' "$*" >&2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is required" >&2; exit 2; }

log "building --release"
cargo build --release -p branchlens-cli --quiet
target=${CARGO_TARGET_DIR:-target}
case "$target" in /*) ;; *) target=$PWD/$target ;; esac
bin=$target/release/branchlens
"$bin" build --help >/dev/null 2>&1 || { echo "$bin has no 'build' command" >&2; exit 2; }
out_root=target/bench-build
mkdir -p target/bench-data "$out_root"

# Helpers and the cached data sets: scripts/bench-lib.sh.
. scripts/bench-lib.sh

# measure NAME SITE CMD...: runs CMD $runs times into a fresh SITE; appends "wall rss_kb" lines
# to $work/NAME.time.
measure() {
  local name=$1 site=$2 i code
  shift 2
  : >"$work/$name.time"
  for ((i = 1; i <= runs; i++)); do
    rm -rf "$site"
    set +e
    /usr/bin/time -v -o "$work/$name.tv" "$@" >"$work/$name.out" 2>"$work/$name.err"
    code=$?
    set -e
    if [ "$code" != 0 ]; then
      echo "$name failed with exit $code:" >&2
      tail -n 20 "$work/$name.err" >&2
      exit 1
    fi
    echo "$(wall_seconds "$work/$name.tv") $(rss_kb "$work/$name.tv")" >>"$work/$name.time"
  done
}

rows=()
for n in $sizes; do
  data=$(dataset "$n")
  work=$out_root/c$n
  mkdir -p "$work"
  cat "$data"/*.csv >/dev/null # warm the page cache: every run reads from memory
  csv_mb=$(du -m "$data/customers.csv" | cut -f1)
  mgrs=$(awk -F, 'NR > 1 { print $1 }' "$data/managers.csv" | sort -u | wc -l)
  log "$(human "$n"): customers.csv $csv_mb MB, $mgrs managers; $runs runs each"

  la=$(load1)
  measure build "$work/site" "$bin" build "$data" --out "$work/site"
  site=$work/site
  pages=$(find "$site" -name '*.html' | wc -l)
  site_mb=$(du -sm "$site" | cut -f1)
  bundle=$(find "$site" -name 'bundle*.js' -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }')
  rows+=("$(human "$n")|build|$work/build|$la|$pages|$site_mb|$bundle")
  if [ "$split" = 1 ]; then
    la=$(load1)
    measure split "$work/split" "$bin" build "$data" --out "$work/split" --split-by branch
    site=$work/split
    pages=$(find "$site" -name '*.html' | wc -l)
    site_mb=$(du -sm "$site" | cut -f1)
    bundle=$(find "$site" -name 'bundle*.js' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }')
    rows+=("$(human "$n")|split|$work/split|$la|$pages|$site_mb|$bundle")
  fi
done

echo
echo "branchlens build bench — $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty'), \
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, generator $gen_hash"
echo "data: N customers × $months months × $branches branches, seed $seed; median of $runs runs (GNU time -v);"
echo "load1 = 1-minute load average before the runs; split = --split-by branch (all sites together)"
echo
printf '%-6s %-6s %9s %15s %11s %7s %8s %10s %6s\n' size build "wall s" "(min–max)" "peakRSS MB" pages "site MB" "bundle MB" load1
for r in "${rows[@]}"; do
  IFS='|' read -r size kind base la pages site_mb bundle <<<"$r"
  wall=$(cut -d' ' -f1 "$base.time" | median)
  span=$(cut -d' ' -f1 "$base.time" | minmax)
  rss=$(cut -d' ' -f2 "$base.time" | median)
  printf '%-6s %-6s %9s %15s %11.0f %7s %8s %10s %6s\n' "$size" "$kind" "$wall" "($span)" \
    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$pages" "$site_mb" "$bundle" "$la"
done
echo
echo "uptime:$(uptime | sed 's/.*up/ up/')"
