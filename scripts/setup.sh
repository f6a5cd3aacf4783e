#!/usr/bin/env bash
# Installs what the test suite and the wasm build need on a fresh Debian machine with stable Rust
# (rustup). The quickstart does not call it: the main job needs only cargo, because the explorer's
# wasm module is committed (crates/report/site/generated/). Idempotent: each step is skipped when
# already satisfied.
#   scripts/setup.sh            Rust side: wasm32 target, wasm-bindgen-cli at the pinned version
#   scripts/setup.sh --browser  also Debian's chromium and the npm dependencies of the tests
#                               (crates/cli/tests/browser) and of the explorer's type check (crates/report/site)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must match the wasm-bindgen crate version that Cargo.lock resolves exactly.
want=$(bash scripts/locked-version.sh wasm-bindgen)
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
  # npm ci in DIR when its node_modules is missing or does not hold the locked version of PACKAGE.
  npm_ci() {
    local dir=$1 package=$2 locked installed
    [ -f "$dir/package-lock.json" ] || return 0
    locked=$(cd "$dir" && node -p "require('./package-lock.json').packages['node_modules/$package'].version" 2>/dev/null || true)
    installed=$(cd "$dir" && node -p "require('./node_modules/$package/package.json').version" 2>/dev/null || true)
    if [ -z "$installed" ] || [ "$installed" != "$locked" ]; then
      log "installing npm dependencies (npm ci in $dir)"
      (cd "$dir" && npm ci --no-audit --no-fund --silent)
    fi
  }
  npm_ci crates/cli/tests/browser playwright-core
  # TypeScript for the static check of the explorer's script (crates/report/site/check.mjs).
  npm_ci crates/report/site typescript
fi
log "ok"
