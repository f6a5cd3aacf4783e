# Shared by scripts/bench.sh, bench-build.sh and bench-load.sh (sourced, not run): small helpers and
# the cached synthetic data sets under target/bench-data/. The caller defines log, bin, months,
# branches and seed before calling dataset.

load1() { cut -d' ' -f1 /proc/loadavg; }
human() { awk -v n="$1" 'BEGIN { if (n >= 1e6) printf "%gM", n / 1e6; else if (n >= 1e3) printf "%gk", n / 1e3; else print n }'; }
# median of the numbers on stdin (lower middle for an even count)
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
minmax() { sort -g | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%s–%s", a, b }'; }

# GNU time -v's "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.31" → seconds
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0
    for (i = 1; i <= n; i++) s = s * 60 + p[i]
    printf "%.2f\n", s
  }' "$1"
}
rss_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# The generator's source (crates/sample): a change regenerates the cached sets.
gen_hash=$(cat crates/sample/Cargo.toml crates/sample/src/*.rs | sha256sum | cut -c1-12)

# The data directory for N customers, generated once (cached; regenerated when the generator
# source changes, via gen_hash).
dataset() {
  local n=$1 dir
  dir=target/bench-data/c$n-m$months-b$branches-s$seed-g$gen_hash
  if [ ! -f "$dir/customers.csv" ]; then
    rm -rf target/bench-data/c$n-m$months-b$branches-s$seed-g* "$dir.tmp"
    log "generating $n customers × $months months × $branches branches (seed $seed) into $dir"
    local t0=$SECONDS
    "$bin" sample --customers "$n" --months $months --branches $branches --seed $seed --out "$dir.tmp" >/dev/null
    mv "$dir.tmp" "$dir"
    log "generated in $((SECONDS - t0)) s"
  fi
  echo "$dir"
}
