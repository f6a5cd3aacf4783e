# Shared by scripts/bench.sh and scripts/bench-build.sh (sourced, not run): small helpers and
# the cached synthetic data sets under target/bench-data/. The caller defines log, bin, months,
# branches and seed before calling dataset.

load1() { cut -d' ' -f1 /proc/loadavg; }
human() { awk -v n="$1" 'BEGIN { if (n >= 1e6) printf "%gM", n / 1e6; else if (n >= 1e3) printf "%gk", n / 1e3; else print n }'; }
# median of the numbers on stdin (lower middle for an even count)
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
minmax() { sort -g | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%s–%s", a, b }'; }

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
