#!/usr/bin/env bash
# The core's metrics under wasm32 (Node) vs native, bit for bit.
#
# crates/wasm/tests/parity.rs analyses an embedded slice of sample-data/ and compares a
# fingerprint of every figure (floats as their f64 bits) with the golden insta snapshot
# crates/wasm/tests/snapshots/parity__fingerprint.snap (natively through insta, under wasm32
# with the snapshot embedded in the test). This script runs that test natively, then compiled
# to wasm32-unknown-unknown under wasm-bindgen-test-runner (Node). Both pass only on the same
# bits as the golden snapshot, so native == wasm32. Exits non-zero on any difference.
#
# Golden snapshot out of date after an intended change of the metrics? Update it natively:
#   INSTA_UPDATE=always cargo test -p branchlens-wasm --test parity    (or: cargo insta review)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Here the test must compare, never rewrite the golden snapshot (nor leave a .snap.new).
export INSTA_UPDATE=no
unset INSTA_FORCE_PASS INSTA_FORCE_UPDATE PARITY_UPDATE

if ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  echo "wasm parity: wasm-bindgen-test-runner not found; run scripts/setup.sh" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints the figure count of a run's "PARITY <target> <n> figures identical ..." line.
figures() { awk -v t="$2" '$1 == "PARITY" && $2 == t { print $3 }' "$1"; }

# run NAME CMD...: runs one build of the test; on failure shows its output and records it.
failed=""
run() {
  local name=$1
  shift
  if ! "$@" > "$tmp/$name.txt" 2>&1; then
    cat "$tmp/$name.txt" >&2
    echo "wasm parity: the $name run FAILED (output above)" >&2
    failed="$failed $name"
  fi
}

start=$SECONDS
# Both runs even when the first fails: native failing alone or with wasm32 means the metrics or
# the golden file changed; wasm32 failing alone is a native/wasm difference.
# No `cargo test -q`: it passes --quiet to the test binary, which wasm-bindgen-test-runner rejects.
run native cargo test -p branchlens-wasm --test parity -- --nocapture
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  run wasm32 cargo test -p branchlens-wasm --target wasm32-unknown-unknown --test parity -- --nocapture
if [ -n "$failed" ]; then
  case "$failed" in
    " wasm32") echo "wasm parity: FAILED: wasm32 differs from native (native matches the golden file)" >&2 ;;
    *) echo "wasm parity: FAILED in:$failed" >&2 ;;
  esac
  exit 1
fi

n=$(figures "$tmp/native.txt" native)
w=$(figures "$tmp/wasm32.txt" wasm32)
if [ -z "$n" ] || [ -z "$w" ] || [ "$n" != "$w" ] || [ "$n" -eq 0 ]; then
  cat "$tmp/native.txt" "$tmp/wasm32.txt" >&2
  echo "wasm parity: expected one PARITY line per run with the same figure count (native '${n}', wasm32 '${w}')" >&2
  exit 1
fi
echo "wasm parity: $n figures identical in native and wasm32 (Node) ($((SECONDS - start)) s)"
