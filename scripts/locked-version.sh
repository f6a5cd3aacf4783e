#!/usr/bin/env bash
# Prints the version of crate NAME that Cargo.lock resolves for this workspace, read with
# `cargo metadata` (the resolved dependency graph) rather than by scanning Cargo.lock's text.
#   scripts/locked-version.sh wasm-bindgen      -> 0.2.130
# Exits non-zero when the crate is not in the graph. Needs cargo and node.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/locked-version.sh CRATE}
cargo metadata --format-version 1 --locked --quiet 2>/dev/null | node -e '
  let s = "";
  process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const want = process.argv[1];
    const v = [...new Set(JSON.parse(s).packages.filter((p) => p.name === want).map((p) => p.version))];
    if (v.length !== 1) {
      console.error(`locked-version: ${want}: ${v.length ? "several versions: " + v.join(", ") : "not a dependency"}`);
      process.exit(1);
    }
    console.log(v[0]);
  });
' "$name"
