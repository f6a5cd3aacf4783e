#!/usr/bin/env node
// Opens every .html page of a built Branchlens site in headless Chromium and fails on anything a
// reader would notice or that breaks the site's promises (works from a file share, no network).
//
//   node check-site.mjs SITE_DIR [--http] [--lang LANG] [--settle MS] [--quiet]
//
//   --http       serve SITE_DIR with a tiny HTTP server on 127.0.0.1 and check over HTTP
//                (default: file:// URLs, as when the site is opened from a network share)
//   --lang LANG  also require <html lang="LANG"> on every page (e.g. en, zh-CN)
//   --settle MS  time to let a page run its scripts after `load` (default 400)
//   --quiet      print only problems and the final count
//
// A page fails on:
//   - any console message of type error or warning (Chromium reports CSP refusals, failed
//     loads and script errors this way), and any uncaught exception (pageerror);
//   - any Content-Security-Policy violation (a `securitypolicyviolation` listener installed
//     before the page's own scripts);
//   - any request whose URL is not inside SITE_DIR (file:// under the directory, or the local
//     server in --http mode); `data:`, `blob:` and `about:` URLs are fine;
//   - any request that failed or answered with an HTTP status >= 400;
//   - an <img> that did not decode, a <script src>/<link href>/<img src>/<source>/<iframe>
//     naming a file missing from the site;
//   - any <a href> to a relative path that does not exist in the site (a directory is not a
//     page: under file:// it shows a listing), escapes SITE_DIR, or whose #fragment names no
//     element id of its target page;
//   - a missing or empty <html lang> or <title>;
//   - rendered text showing NaN, Infinity, [object …] or template delimiters, or an element
//     whose whole text is undefined or null.
// Exit status: 0 when every page passes, 1 when any check failed, 2 on a usage or setup error
// (no Chromium, no playwright-core: run `bash scripts/setup.sh --browser`).

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';

import { launch, listFiles, loadChromium, pageUrl, serve, siteBase, siteRelative } from './lib.mjs';

function usage(msg) {
  if (msg) console.error(`check-site: ${msg}`);
  console.error('usage: node check-site.mjs SITE_DIR [--http] [--lang LANG] [--settle MS] [--quiet]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { dir: null, http: false, lang: null, settle: 400, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--http') opts.http = true;
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--lang') opts.lang = argv[++i] ?? usage('--lang needs a value');
    else if (a === '--settle') {
      opts.settle = Number(argv[++i]);
      if (!Number.isFinite(opts.settle) || opts.settle < 0) usage('--settle needs a number of milliseconds');
    } else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (opts.dir === null) opts.dir = a;
    else usage(`unexpected argument ${a}`);
  }
  if (opts.dir === null) usage('SITE_DIR is required');
  return opts;
}

/**
 * Resolves a relative reference `href` found on site page `page` (a site-relative path) to
 * { target, fragment } (target: a site-relative path) or { error }. Done on paths rather than
 * URLs so that a `../` climbing above the site is caught in --http mode too (where the URL
 * would be clamped at the server root).
 */
function resolveRelative(page, href) {
  const hashAt = href.indexOf('#');
  let fragment = hashAt >= 0 ? href.slice(hashAt + 1) : '';
  let path = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const queryAt = path.indexOf('?');
  if (queryAt >= 0) path = path.slice(0, queryAt);
  try {
    path = decodeURIComponent(path);
    fragment = decodeURIComponent(fragment);
  } catch {
    return { error: 'undecodable reference' };
  }
  if (path.startsWith('/')) return { error: 'root-absolute reference (breaks under file://)' };
  if (path.includes('\\')) return { error: 'backslash in reference' };
  if (path === '') return { target: page, fragment };
  const target = posix.normalize(posix.join(posix.dirname(page), path));
  if (target === '..' || target.startsWith('../')) return { error: 'link leaves the site' };
  return { target: target.endsWith('/') ? target.slice(0, -1) : target, fragment };
}

// Installed before any script of the page: CSP violations are recorded (and not only logged),
// so that a violation Chromium does not print is still caught.
const INIT_SCRIPT = `(() => {
  const seen = [];
  Object.defineProperty(window, '__branchlensCsp', { value: seen, enumerable: false });
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') +
      (e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : ''));
  }, true);
})();`;

// Runs in the page after it settled: what the DOM says about the page.
function inspectPage() {
  const attr = (sel, name) => Array.from(document.querySelectorAll(sel), (el) => el.getAttribute(name));
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    hasTitleElement: document.querySelector('head > title') !== null,
    ids: Array.from(document.querySelectorAll('[id]'), (el) => el.id),
    names: Array.from(document.querySelectorAll('a[name]'), (el) => el.getAttribute('name')),
    links: attr('a[href], area[href]', 'href'),
    resources: [
      ...attr('script[src]', 'src'),
      ...attr('link[href]', 'href'),
      ...attr('img[src]', 'src'),
      ...attr('source[src]', 'src'),
      ...attr('iframe[src]', 'src'),
      ...attr('image[href]', 'href'),
      ...attr('use[href]', 'href').filter((h) => h && !h.startsWith('#')),
    ],
    brokenImages: Array.from(document.images)
      .filter((img) => img.complete && img.naturalWidth === 0 && img.getAttribute('src'))
      .map((img) => img.getAttribute('src')),
    csp: window.__branchlensCsp ? Array.from(window.__branchlensCsp) : [],
    // Rendered text that betrays a template or script bug: NaN, Infinity, [object …] and
    // template delimiters anywhere; `undefined`/`null` as the whole text of an element (in prose,
    // "the share is undefined" is a fine sentence).
    junk: (() => {
      const found = new Set((document.body ? document.body.innerText : '').match(/\b(NaN|Infinity)\b|\[object \w+\]|\{\{|\}\}|\{%|%\}/g) || []);
      for (const el of document.body ? document.body.querySelectorAll('*') : []) {
        if (el.children.length === 0 && /^\s*(undefined|null)\s*[%元万]?\s*$/.test(el.textContent)) found.add(el.textContent.trim());
      }
      return Array.from(found);
    })(),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = resolve(opts.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) usage(`${opts.dir} is not a directory`);
  await loadChromium('check-site');

  const files = listFiles(root);
  const fileSet = new Set(files);
  const pages = files.filter((f) => /\.html?$/i.test(f));
  if (pages.length === 0) {
    console.error(`check-site: no .html page under ${root}`);
    process.exit(1);
  }

  const missing404 = [];
  let server = null;
  if (opts.http) server = await serve(root, { onMissing: (p) => missing404.push(p) });
  const base = siteBase(root, server);

  /** The site-relative path of an URL inside the site, or null when it is outside. */
  const sitePath = (url) => siteRelative(root, base, url);
  const harmless = (url) => /^(data|blob|about):/i.test(url);

  const userDataDir = mkdtempSync(join(tmpdir(), 'branchlens-chromium-'));
  const problems = []; // [page, message]
  const pageIds = new Map(); // page -> Set of ids/names
  const fragmentLinks = []; // [fromPage, targetPage, fragment, href]
  let context;
  try {
    context = await launch(userDataDir, [], { offline: false, serviceWorkers: 'block' });
    await context.addInitScript({ content: INIT_SCRIPT });

    for (const rel of pages) {
      const page = await context.newPage();
      const fail = (msg) => problems.push([rel, msg]);
      page.on('console', (m) => {
        const t = m.type();
        if (t === 'error' || t === 'warning') {
          const loc = m.location();
          const where = loc && loc.url ? ` (${loc.url.replace(base, '')}:${loc.lineNumber})` : '';
          fail(`console ${t}: ${m.text()}${where}`);
        }
      });
      page.on('pageerror', (e) => fail(`uncaught exception: ${e.message}`));
      page.on('crash', () => fail('the page crashed'));
      page.on('request', (req) => {
        const url = req.url();
        if (!harmless(url) && sitePath(url) === null) fail(`request outside the site: ${url}`);
      });
      page.on('requestfailed', (req) => {
        const f = req.failure();
        fail(`failed to load ${req.url().replace(base, '')}: ${f ? f.errorText : 'unknown error'}`);
      });
      page.on('response', (res) => {
        if (res.status() >= 400) fail(`HTTP ${res.status()} for ${res.url().replace(base, '')}`);
      });
      page.on('dialog', (d) => {
        fail(`unexpected ${d.type()} dialog: ${d.message()}`);
        d.dismiss().catch(() => {});
      });

      const url = pageUrl(base, rel);
      try {
        await page.goto(url, { waitUntil: 'load', timeout: 30000 });
        if (opts.settle > 0) await page.waitForTimeout(opts.settle);
        const info = await page.evaluate(inspectPage);

        if (!info.lang || !info.lang.trim()) fail('<html> has no lang attribute');
        else if (opts.lang && info.lang !== opts.lang) fail(`<html lang="${info.lang}">, expected "${opts.lang}"`);
        if (!info.hasTitleElement || !info.title.trim()) fail('no <title> (or an empty one)');
        for (const v of info.csp) fail(`CSP violation: ${v}`);
        for (const src of info.brokenImages) fail(`image did not load: ${src}`);
        for (const j of info.junk) fail(`the rendered page shows ${JSON.stringify(j)}`);
        pageIds.set(rel, new Set([...info.ids, ...info.names]));

        const pageUrl = page.url();
        for (const href of info.resources) {
          if (!href || harmless(href)) continue;
          if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
            // An absolute URL is fine only when it points into the site (e.g. the page's own URL).
            let target = null;
            try {
              target = sitePath(new URL(href, pageUrl).href);
            } catch {
              target = null;
            }
            if (target === null) fail(`resource outside the site: ${href}`);
            else if (!fileSet.has(target)) fail(`missing resource: ${href} (${target})`);
            continue;
          }
          const r = resolveRelative(rel, href);
          if (r.error) fail(`resource ${r.error}: ${href}`);
          else if (!fileSet.has(r.target)) fail(`missing resource: ${href} (${r.target})`);
        }
        for (const href of info.links) {
          if (href === null) continue;
          const h = href.trim();
          if (h === '') {
            fail('a link with an empty href');
            continue;
          }
          if (/^(mailto|tel):/i.test(h)) continue;
          if (/^[a-z][a-z0-9+.-]*:/i.test(h) || h.startsWith('//')) {
            // An absolute URL: only a link into the site itself would be odd; a link out is a
            // navigation the reader chooses, not a request of the page. javascript: is not allowed.
            if (/^javascript:/i.test(h)) fail(`javascript: link ${h}`);
            continue;
          }
          const r = resolveRelative(rel, h);
          if (r.error) fail(`${r.error}: ${h}`);
          else if (!fileSet.has(r.target)) {
            const isDir = existsSync(join(root, r.target)) && statSync(join(root, r.target)).isDirectory();
            fail(`broken link: ${h} (${r.target || '/'} does not exist${isDir ? ': it is a directory' : ''})`);
          } else if (r.fragment) {
            fragmentLinks.push([rel, r.target, r.fragment, h]);
          }
        }
      } catch (e) {
        fail(`cannot open: ${e.message.split('\n')[0]}`);
      } finally {
        await page.close();
      }
      if (!opts.quiet) {
        const n = problems.filter(([p]) => p === rel).length;
        console.log(`${n === 0 ? 'ok  ' : 'FAIL'} ${rel}${n === 0 ? '' : ` (${n} problem${n === 1 ? '' : 's'})`}`);
      }
    }
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }

  for (const [from, target, fragment, href] of fragmentLinks) {
    const ids = pageIds.get(target);
    // Fragments into non-HTML files (e.g. an SVG) are not checked.
    if (ids && !ids.has(fragment)) problems.push([from, `link to a missing anchor: ${href} (no id "${fragment}" in ${target})`]);
  }
  for (const p of missing404) problems.push(['(server)', `404 for ${p}`]);

  const mode = opts.http ? 'http' : 'file://';
  if (problems.length > 0) {
    const byPage = new Map();
    for (const [p, m] of problems) {
      if (!byPage.has(p)) byPage.set(p, []);
      byPage.get(p).push(m);
    }
    const failedPages = [...byPage.keys()].filter((p) => p !== '(server)').length;
    console.error(`\ncheck-site: ${problems.length} problem(s) on ${failedPages} of ${pages.length} page(s) (${mode}, ${root}):`);
    for (const [p, msgs] of byPage) {
      console.error(`  ${p}`);
      for (const m of [...new Set(msgs)]) console.error(`    - ${m}`);
    }
    console.log(`checked ${pages.length} pages (${mode}): FAILED`);
    process.exit(1);
  }
  console.log(`checked ${pages.length} pages (${mode}): ok`);
}

main().catch((e) => {
  console.error(`check-site: ${e.stack || e}`);
  process.exit(2);
});
