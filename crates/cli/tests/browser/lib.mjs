// What the headless-Chromium scripts of crates/cli/tests/browser share: the Chromium binary and
// its arguments, loading playwright-core, launching a browser profile, listing a site's files
// and serving a site over HTTP on 127.0.0.1.
//
//   import { CHROMIUM, CHROMIUM_ARGS, SETUP_HINT, loadChromium, launch, listFiles, MIME, serve } from './lib.mjs';
//
//   import { siteBase, pageUrl, siteRelative } from './lib.mjs';
//
// CHROMIUM is $BRANCHLENS_CHROMIUM, else $CHROMIUM (the name explorer.mjs and explorer-bench.mjs
// used to read), else Debian's /usr/bin/chromium.

import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.BRANCHLENS_CHROMIUM || process.env.CHROMIUM || '/usr/bin/chromium';

/** Headless, no sandbox (containers), and nothing that talks to the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SETUP_HINT = 'run `bash scripts/setup.sh --browser` (installs chromium and the npm test dependencies)';

let chromiumModule = null;

/**
 * Playwright's `chromium` (from crates/cli/tests/browser/node_modules/playwright-core). When
 * CHROMIUM does not exist or playwright-core cannot be loaded, prints `NAME: …; SETUP_HINT` on
 * stderr and exits with status 2 (a setup error).
 */
export async function loadChromium(name) {
  if (chromiumModule) return chromiumModule;
  if (!existsSync(CHROMIUM)) {
    console.error(`${name}: ${CHROMIUM} not found; ${SETUP_HINT}`);
    process.exit(2);
  }
  try {
    ({ chromium: chromiumModule } = await import('playwright-core'));
  } catch (e) {
    console.error(`${name}: cannot load playwright-core (${e.message}); ${SETUP_HINT}`);
    process.exit(2);
  }
  return chromiumModule;
}

/**
 * `chromium.launchPersistentContext(userDataDir, …)` on CHROMIUM, headless, with CHROMIUM_ARGS
 * followed by `extraArgs`; `options` (viewport, acceptDownloads, serviceWorkers, …) are passed
 * on to Playwright. Call loadChromium(NAME) first for the script's own name in setup errors.
 */
export async function launch(userDataDir, extraArgs = [], options = {}) {
  const chromium = await loadChromium('browser');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Every regular file under `root`, as sorted paths relative to it with `/` separators. */
export function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * A static file server for the directory `root` (an absolute path) on `host` (default 127.0.0.1),
 * on a random port: resolves to the listening http.Server (its port: `server.address().port`).
 * A file outside `root` or missing is a 404, and `onMissing(path)` is called with the decoded
 * request path; except /favicon.ico, which Chromium asks for on its own when a page names no
 * icon: that is not the site's request, so it gets an empty 204 (a 404 Chromium would log).
 * An undecodable path is a 400.
 */
export function serve(root, { onMissing = null, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = resolve(root, '.' + rel);
    const inside = file === root || file.startsWith(root + sep);
    let ok = false;
    try {
      ok = inside && statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok && rel === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!ok) {
      if (onMissing) onMissing(rel);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file).toLowerCase()] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, host, () => ok(server));
  });
}

/**
 * The URL under which the site in `root` is opened: the server's `http://HOST:PORT/` when
 * `server` (from serve()) is given, else the file:// URL of `root` with a trailing slash.
 */
export function siteBase(root, server = null) {
  if (!server) return pathToFileURL(root + sep).href;
  const { address, port } = server.address();
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
}

/** The URL of the site file `rel` (relative, '/'-separated) under `base`, each segment encoded. */
export function pageUrl(base, rel) {
  return new URL(rel.split('/').map(encodeURIComponent).join('/'), base).href;
}

/**
 * The site-relative path ('/'-separated; '' for `root` itself) that `url` names inside the
 * site in `root` opened under `base` (see siteBase), or null when it names anything else: another
 * origin or protocol, a path outside `root`, or an URL that does not parse or decode. Done on
 * paths, so a `..` or an encoded separator cannot climb out.
 */
export function siteRelative(root, base, url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  let abs;
  if (base.startsWith('file:')) {
    if (u.protocol !== 'file:') return null;
    try {
      abs = resolve(fileURLToPath(u));
    } catch {
      return null;
    }
  } else {
    if (u.origin !== new URL(base).origin) return null;
    try {
      abs = resolve(root, '.' + decodeURIComponent(u.pathname));
    } catch {
      return null;
    }
  }
  return abs === root || abs.startsWith(root + sep) ? relative(root, abs).split(sep).join('/') : null;
}
