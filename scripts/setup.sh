#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine with stable Rust (rustup).
# Idempotent: each step is skipped when already satisfied.
#   scripts/setup.sh            Rust side: wasm32 target, wasm-bindgen-cli at the pinned version
#   scripts/setup.sh --browser  also Debian's chromium and the npm test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must match the wasm-bindgen crate version in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock 2>/dev/null || true)
want=${want:-0.2.130}
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found '${have:-none}'); takes a few minutes"
  # Without --locked on purpose: with it the install fails on a transitive version
  # missing from the registry mirror (see shared TOOLCHAIN notes).
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if [ "${1:-}" = "--browser" ]; then
  # The browser tests (crates/cli/tests/site.rs, crates/cli/tests/browser/*.mjs) drive /usr/bin/chromium through
  # playwright-core, which needs Node.js 20 or newer.
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian chromium"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "node and npm (Node.js 20 or newer) are required for the browser tests; install them first"
    exit 1
  fi
  browser=crates/cli/tests/browser
  if [ -f $browser/package-lock.json ]; then
    # npm ci when node_modules is missing or does not hold the locked playwright-core.
    locked=$(cd $browser && node -p "require('./package-lock.json').packages['node_modules/playwright-core'].version" 2>/dev/null || true)
    installed=$(cd $browser && node -p "require('./node_modules/playwright-core/package.json').version" 2>/dev/null || true)
    if [ -z "$installed" ] || [ "$installed" != "$locked" ]; then
      log "installing npm test dependencies (npm ci in $browser)"
      (cd $browser && npm ci --no-audit --no-fund --silent)
    fi
  fi
fi
log "ok"
