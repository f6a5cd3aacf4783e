#!/usr/bin/env node
// Injection check of a built Branchlens site whose data carries HTML/JS payloads: every .html page
// is opened in headless Chromium and must stay inert, and the explorer is driven like a user.
//
//   node payloads.mjs --site DIR --payloads FILE.json --report OUT.json
//                     [--mode file|file-nocsp|http|http-nocsp]... [--explorer-in MODE]...
//                     [--settle MS] [--password-file FILE]
//
// FILE.json: { "payloads": [{ "id": 1, "text": "<script>__pwn(1)</script>" }, …],
//              "evaluated": ["pwned8", …],   text that appears only if a template was evaluated
//              "search": ["…", …] }           explorer search terms (customer ids or names)
//
// Modes: `file` opens the pages from file:// with the pages' Content-Security-Policy enforced;
// `http` serves the site on 127.0.0.1 (a random port); `-nocsp` runs Chromium with the CSP
// bypassed (Playwright's bypassCSP), so an escaping bug that the CSP would hide executes and is
// caught. Default: `file`. `--explorer-in MODE` also drives explorer.html in that mode.
// `--password-file FILE` (a site built with `--password-file`): every locked page is unlocked with
// the password (the first line of FILE) before it is checked, so the decrypted customer-level
// content is checked too; the report counts the unlocked pages.
//
// Every payload that executes calls `__pwn(N)`: an init script (installed in every frame before
// the page's own scripts) defines it and reports N. Besides executions, a page fails on:
//   - structure (CSP-independent, on the live DOM): any attribute named on*, any attribute whose
//     name contains "pwn" (injected markup), a javascript: URL in href/src/action/formaction/
//     xlink:href/data/poster (case- and whitespace-insensitive), srcdoc, an iframe/frame/object/
//     embed/base/applet/portal element, a <meta http-equiv=refresh>, a <style> element, a style
//     attribute holding url( / expression( / pwn, a <script> that is not a classic or module
//     script loaded from a file of the site with no inline code (JSON data types excepted), an
//     element whose tag name contains "pwn";
//   - no <meta http-equiv="Content-Security-Policy"> in <head>, or one allowing 'unsafe-inline'
//     or 'unsafe-eval' scripts, or none restricting scripts (script-src or default-src);
//   - rendered text holding an `evaluated` marker (a template expression was evaluated);
//   - a Content-Security-Policy violation (securitypolicyviolation events), a dialog (alert,
//     confirm, prompt), a request whose URL contains "pwn", an uncaught exception, a console
//     error, or a request outside the site.
// It records, for each payload, where its literal text is shown (the page's text, title and
// aria-label/title attributes, option labels): that the payloads reached the pages is what
// makes a pass meaningful, and the caller asserts it.
//
// Explorer steps (after each: the same checks): load (until #explorer[data-ready]); search each
// term (typed into the id/name search); clear; group by every option; select the first product
// option and the VIP tier; sort by name… every sortable column header; next page; clear; export
// the call list (CSV) — each cell is parsed (RFC 4180) and a cell starting with = + - @ tab or CR
// is a finding.
//
// With --hostile-hash, the explorer is also opened with a crafted URL hash (see hostileHash):
// it must start and leave Object.prototype alone.
//
// Output: the report (JSON) in OUT.json; one line per page and step on stdout. Exit 0 when
// nothing was found, 1 when anything was, 2 on a usage or setup error.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { CHROMIUM, CHROMIUM_ARGS, listFiles, loadChromium, pageUrl, serve, siteBase, siteRelative } from './lib.mjs';

const MODES = ['file', 'file-nocsp', 'http', 'http-nocsp'];

function usage(msg) {
  if (msg) console.error(`payloads: ${msg}`);
  console.error(
    'usage: node payloads.mjs --site DIR --payloads FILE.json --report OUT.json [--mode MODE]... [--explorer-in MODE]... [--settle MS] [--password-file FILE]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const o = { site: null, payloads: null, report: null, modes: [], explorerIn: [], settle: 150, password: null, hostileHash: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--site') o.site = val();
    else if (a === '--payloads') o.payloads = val();
    else if (a === '--report') o.report = val();
    else if (a === '--mode') o.modes.push(val());
    else if (a === '--explorer-in') o.explorerIn.push(val());
    else if (a === '--settle') o.settle = Number(val());
    else if (a === '--hostile-hash') o.hostileHash = true;
    else if (a === '--password-file') o.password = readFileSync(val(), 'utf8').split(/\r?\n/)[0];
    else usage(`unexpected argument ${a}`);
  }
  if (!o.site || !o.payloads || !o.report) usage('--site, --payloads and --report are required');
  if (o.modes.length === 0) o.modes.push('file');
  for (const m of [...o.modes, ...o.explorerIn]) if (!MODES.includes(m)) usage(`unknown mode ${m}`);
  for (const m of o.explorerIn) if (!o.modes.includes(m)) o.modes.push(m);
  if (!Number.isFinite(o.settle) || o.settle < 0) usage('--settle needs a number of milliseconds');
  return o;
}

// Installed in every frame before the page's scripts: the execution marker and the CSP listener.
const INIT_SCRIPT = `(() => {
  const hit = (n) => { try { window.__pwnHit(String(n)); } catch (e) { try { window.top.__pwnHit(String(n)); } catch (_) {} } };
  Object.defineProperty(window, '__pwn', { value: hit, writable: false, configurable: false });
  const seen = [];
  Object.defineProperty(window, '__payloadCsp', { value: seen, enumerable: false });
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') + (e.sample ? ' [' + e.sample + ']' : ''));
  }, true);
})();`;

/**
 * Runs in the page: the structural findings, CSP violations so far, evaluated-template markers
 * and the payloads whose literal text is shown. `arg` = { payloads: [[id, text]], evaluated,
 * siteFiles: [...], base }.
 */
function inspectDom(arg) {
  const findings = [];
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'codebase', 'cite']);
  const BANNED = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'applet', 'portal', 'style']);
  const JSON_TYPES = new Set(['application/json', 'application/ld+json', 'importmap-not-allowed']);
  const inSite = (url) => {
    let abs;
    try {
      abs = new URL(url, document.baseURI).href;
    } catch {
      return false;
    }
    if (!abs.startsWith(arg.base)) return false;
    let rel = abs.slice(arg.base.length).split(/[?#]/)[0];
    try {
      rel = decodeURIComponent(rel);
    } catch {
      return false;
    }
    return arg.siteFiles.includes(rel);
  };
  const describe = (el) => {
    const t = el.outerHTML || '';
    return t.length > 160 ? t.slice(0, 160) + '…' : t;
  };
  const all = document.querySelectorAll('*');
  for (const el of all) {
    const tag = el.localName.toLowerCase();
    if (tag.includes('pwn')) findings.push(`injected element <${tag}>: ${describe(el)}`);
    if (BANNED.has(tag)) findings.push(`<${tag}> element: ${describe(el)}`);
    if (tag === 'meta' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') findings.push(`<meta http-equiv=refresh>: ${describe(el)}`);
    if (tag === 'script') {
      const type = (el.getAttribute('type') || '').trim().toLowerCase();
      const src = el.getAttribute('src');
      const classic = type === '' || type === 'text/javascript' || type === 'module' || type === 'application/javascript';
      if (JSON_TYPES.has(type)) {
        // a data island: inert by type
      } else if (!classic) {
        findings.push(`<script type="${type}">: ${describe(el)}`);
      } else if (src === null) {
        findings.push(`inline <script>: ${describe(el)}`);
      } else if (!inSite(src) || el.textContent.trim() !== '') {
        findings.push(`<script> not loaded from the site: ${describe(el)}`);
      }
    }
    for (const a of Array.from(el.attributes)) {
      const n = a.name.toLowerCase();
      const v = a.value;
      if (n.startsWith('on')) findings.push(`event-handler attribute ${n} on <${tag}>: ${describe(el)}`);
      if (n.includes('pwn')) findings.push(`injected attribute ${n} on <${tag}>: ${describe(el)}`);
      if (n === 'srcdoc') findings.push(`srcdoc on <${tag}>: ${describe(el)}`);
      if (URL_ATTRS.has(n) && /^javascript:/i.test(v.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff]/g, ''))) {
        findings.push(`javascript: URL in ${n} of <${tag}>: ${describe(el)}`);
      }
      if (n === 'style' && /url\s*\(|expression\s*\(|pwn/i.test(v)) findings.push(`style attribute with ${v} on <${tag}>`);
    }
  }
  // The page's Content-Security-Policy (a <meta> in <head>, so that it holds under file://).
  const metas = Array.from(document.querySelectorAll('head > meta[http-equiv]')).filter(
    (m) => m.getAttribute('http-equiv').toLowerCase() === 'content-security-policy',
  );
  if (metas.length === 0) findings.push('no Content-Security-Policy <meta> in <head>');
  for (const m of metas) {
    const csp = (m.getAttribute('content') || '').toLowerCase();
    const directives = new Map(
      csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0], d.slice(1)]),
    );
    const scripts = directives.get('script-src') || directives.get('default-src');
    if (!scripts) findings.push(`the CSP does not restrict scripts: ${csp}`);
    else if (scripts.includes("'unsafe-inline'") || scripts.includes("'unsafe-eval'") || scripts.includes('*') || scripts.includes('data:')) {
      findings.push(`the CSP allows inline or foreign scripts: ${csp}`);
    }
  }
  // What the page shows as text: text nodes (including <title>, SVG text and option labels)
  // and the attributes a reader sees or hears.
  const parts = [document.documentElement.textContent || ''];
  for (const el of all) {
    for (const n of ['title', 'aria-label', 'alt', 'placeholder']) {
      const v = el.getAttribute(n);
      if (v) parts.push(v);
    }
    if (el.localName === 'input' && el.value) parts.push(el.value);
  }
  const text = parts.join('\n');
  const rendered = document.body ? document.body.innerText + '\n' + document.title : document.title;
  for (const marker of arg.evaluated) {
    if (rendered.includes(marker)) findings.push(`an evaluated template expression shows ${JSON.stringify(marker)}`);
  }
  const seen = arg.payloads.filter(([, t]) => text.includes(t)).map(([id]) => id);
  return { findings, seen, csp: window.__payloadCsp ? Array.from(window.__payloadCsp) : [] };
}

/** RFC 4180 parsing (quotes, doubled quotes, commas and newlines inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = resolve(opts.site);
  if (!existsSync(root) || !statSync(root).isDirectory()) usage(`${opts.site} is not a directory`);
  const spec = JSON.parse(readFileSync(opts.payloads, 'utf8'));
  const payloads = spec.payloads.map((p) => [p.id, p.text]);
  const evaluated = spec.evaluated || [];
  const search = spec.search || [];
  const chromium = await loadChromium('payloads');
  const files = listFiles(root);
  const pages = files.filter((f) => /\.html?$/i.test(f));

  const report = { pages: pages.length, modes: [], executions: [], findings: [], seen: {}, searches: [], csv: null, steps: 0, unlocked: 0 };
  const seenAt = new Map(); // payload id -> Set of "mode page/step"
  const finding = (where, what) => report.findings.push({ where, what });

  const downloads = mkdtempSync(join(tmpdir(), 'branchlens-payloads-dl-'));
  let browser;
  let server = null;
  try {
    // launch() starts Chromium with a fresh temporary profile of its own (removed on close).
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, downloadsPath: downloads });
    for (const mode of opts.modes) {
      const http = mode.startsWith('http');
      const bypassCSP = mode.endsWith('-nocsp');
      if (http && !server) server = await serve(root);
      const base = siteBase(root, http ? server : null);
      // The site-relative path ('/'-separated) of a URL under `base` naming a file or folder
      // inside the site (not the site's folder itself); '' for data:, blob: and about: URLs;
      // null for anything else.
      const sitePath = (url) => {
        if (/^(data|blob|about):/i.test(url)) return '';
        if (!url.startsWith(base)) return null;
        const p = siteRelative(root, base, url);
        return p === '' ? null : p;
      };
      report.modes.push(mode);
      const context = await browser.newContext({ bypassCSP, acceptDownloads: true, serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
      // The step each open page is at ("MODE PAGE" or "MODE explorer STEP"), for attribution.
      const label = new WeakMap();
      const at = (page) => label.get(page) || `${mode} ?`;
      await context.exposeBinding('__pwnHit', (source, n) => {
        const frame = source.frame && source.frame.url ? source.frame.url().replace(base, '') : '';
        report.executions.push({ where: at(source.page), marker: Number(n), frame });
      });
      await context.addInitScript({ content: INIT_SCRIPT });
      const arg = { payloads, evaluated, siteFiles: files, base };

      const watch = (page) => {
        page.on('console', (m) => {
          if (m.type() === 'error') finding(at(page), `console error: ${m.text()}`);
        });
        page.on('pageerror', (e) => finding(at(page), `uncaught exception: ${e.message}`));
        page.on('dialog', (d) => {
          report.executions.push({ where: at(page), marker: `${d.type()}(${d.message()})`, frame: '' });
          d.dismiss().catch(() => {});
        });
        page.on('request', (req) => {
          const url = req.url();
          const p = sitePath(url);
          if (p === '' || (p !== null && files.includes(p))) return;
          if (/pwn/i.test(decodeURIComponentSafe(url))) finding(at(page), `request made by a payload: ${url}`);
          else finding(at(page), p === null ? `request outside the site: ${url}` : `request for a file not in the site: ${url}`);
        });
      };
      const setStep = (page, step) => label.set(page, `${mode} ${step}`);
      const inspect = async (page) => {
        const where = at(page);
        const r = await page.evaluate(inspectDom, arg);
        for (const f of r.findings) finding(where, f);
        for (const v of r.csp) finding(where, `CSP violation: ${v}`);
        for (const id of r.seen) {
          if (!seenAt.has(id)) seenAt.set(id, new Set());
          seenAt.get(id).add(where);
        }
        report.steps++;
        const n = report.findings.filter((f) => f.where === where).length + report.executions.filter((e) => e.where === where).length;
        console.log(`${n === 0 ? 'ok  ' : 'FAIL'} ${where} (${r.seen.length} payloads shown)`);
      };

      // The static pages, a few at a time (most of a page's time is spent waiting).
      const queue = [...pages];
      // One tab per worker: on a locked site the key the first unlock derived stays in the
      // tab's sessionStorage, so the next pages unlock without deriving it again.
      const worker = async () => {
        const page = await context.newPage();
        watch(page);
        try {
          for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
            setStep(page, rel);
            const url = pageUrl(base, rel);
            try {
              await page.goto(url, { waitUntil: 'load', timeout: 30000 });
              if (opts.password !== null) await unlock(page, opts.password, report, (what) => finding(at(page), what));
              if (opts.settle > 0) await page.waitForTimeout(opts.settle);
              await inspect(page);
            } catch (e) {
              finding(at(page), `cannot open: ${e.message.split('\n')[0]}`);
            }
          }
        } finally {
          await page.close();
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      if (opts.explorerIn.includes(mode)) {
        if (!files.includes('explorer.html')) finding(`${mode} explorer`, 'no explorer.html in the site');
        else await driveExplorer(context, base, mode, { watch, inspect, finding, setStep, search, report, settle: opts.settle, password: opts.password, hostileHash: opts.hostileHash });
      }
      await context.close();
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) server.close();
    rmSync(downloads, { recursive: true, force: true });
  }
  report.seen = Object.fromEntries([...seenAt].sort((a, b) => a[0] - b[0]).map(([id, s]) => [id, [...s].sort()]));
  writeFileSync(opts.report, JSON.stringify(report, null, 2) + '\n');
  const bad = report.executions.length + report.findings.length;
  console.log(
    `payloads: ${pages.length} pages × ${report.modes.length} mode(s), ${report.steps} checks, ` +
      `${report.executions.length} execution(s), ${report.findings.length} finding(s), ` +
      `${Object.keys(report.seen).length} of ${payloads.length} payloads shown: ${bad === 0 ? 'ok' : 'FAILED'}`,
  );
  process.exit(bad === 0 ? 0 : 1);
}

/**
 * On a page of a locked site (`build --password-file`: #bl-lock, assets/lock.js), enters the
 * password (unless the tab already holds the key) and waits until the customer-level content is
 * in place; a page that does not unlock is a finding. Pages without #bl-lock are left alone.
 */
async function unlock(page, password, report, fail) {
  if ((await page.$('#bl-lock')) === null) return;
  const remembered = await page.evaluate(() => {
    try {
      return Object.keys(sessionStorage).some((k) => k.startsWith('branchlens-key:'));
    } catch {
      return false;
    }
  });
  const done = '#bl-lock[data-state="unlocked"], #bl-lock[data-state="wrong"], #bl-lock[data-state="error"], #bl-lock[data-state="no-webcrypto"]';
  if (!remembered) {
    await page.fill('#bl-password', password);
    await page.click('#bl-unlock button[type="submit"]');
  }
  try {
    await page.waitForSelector(done, { timeout: 60000 });
  } catch {
    // reported below
  }
  const state = await page.getAttribute('#bl-lock', 'data-state');
  if (state === 'unlocked') report.unlocked++;
  else fail(`the page did not unlock with the password (state ${state})`);
}

function decodeURIComponentSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Drives explorer.html; runs `inspect` after every step. */
async function driveExplorer(context, base, mode, h) {
  const page = await context.newPage();
  h.setStep(page, 'explorer load');
  h.watch(page);
  const step = async (label, fn) => {
    h.setStep(page, `explorer ${label}`);
    try {
      await fn();
      await page.waitForTimeout(Math.min(h.settle, 100));
      await h.inspect(page);
    } catch (e) {
      h.finding(`${mode} explorer ${label}`, `step failed: ${e.message.split('\n')[0]}`);
    }
  };
  const sel = () => page.evaluate(() => window.branchlensExplorer.get().sel.length);
  try {
    let total = 0;
    await step('load', async () => {
      await page.goto(new URL('explorer.html', base).href, { waitUntil: 'load', timeout: 30000 });
      if (h.password !== null) await unlock(page, h.password, h.report, (what) => h.finding(`${mode} explorer load`, what));
      await page.waitForSelector('#explorer[data-ready]', { timeout: 60000 });
      const ready = await page.getAttribute('#explorer', 'data-ready');
      if (ready !== 'true') throw new Error(`the explorer did not start: ${await page.textContent('#ex-status')}`);
      total = await sel();
    });
    if (total === 0) return;
    for (const term of h.search) {
      await step(`search ${JSON.stringify(term)}`, async () => {
        await page.fill('#ex-f-q', term);
        let rows = 0;
        let shown = false;
        try {
          await page.waitForFunction(
            (t) => {
              const b = document.querySelector('table.ex-customers tbody');
              return b && b.textContent.includes(t);
            },
            term,
            { timeout: 5000 },
          );
          shown = true;
        } catch {
          shown = false;
        }
        rows = await sel();
        h.report.searches.push({ mode, term, rows, total, shown });
      });
    }
    await step('search cleared', async () => {
      await page.fill('#ex-f-q', '');
      await page.waitForFunction((n) => window.branchlensExplorer.get().sel.length === n, total, { timeout: 5000 });
    });
    const groups = await page.$$eval('#ex-g-by option', (os) => os.map((o) => o.value));
    for (const g of groups) {
      await step(`group by ${g}`, async () => {
        await page.selectOption('#ex-g-by', g);
        await page.waitForFunction((v) => window.branchlensExplorer.get().state.g === v, g, { timeout: 5000 });
        // Sort the groups by their label both ways (labels are data).
        const b = page.locator('.ex-group-table thead th').first().locator('button');
        await b.click();
        await b.click();
      });
    }
    await step('filter product and tier', async () => {
      const opts = await page.$$eval('#ex-f-product option', (os) => os.map((o) => o.value));
      await page.selectOption('#ex-f-product', opts.slice(-3));
      await page.check('#ex-f-tier-0');
      await page.uncheck('#ex-f-tier-0');
    });
    await step('filter manager', async () => {
      const opts = await page.$$eval('#ex-f-manager option', (os) => os.map((o) => o.value));
      await page.selectOption('#ex-f-product', []);
      await page.selectOption('#ex-f-manager', opts.slice(1, 6));
    });
    const sortable = await page.$$eval('table.ex-customers thead th button', (bs) => bs.length);
    for (let k = 0; k < sortable; k++) {
      await step(`sort column ${k}`, async () => {
        await page.locator('table.ex-customers thead th button').nth(k).click();
      });
    }
    await step('next page', async () => {
      await page.selectOption('#ex-f-manager', []);
      const next = page.locator('nav.ex-pager button').nth(1);
      if (await next.isEnabled()) await next.click();
    });
    await step('export CSV', async () => {
      const btn = page.locator('.ex-section.ex-totals .ex-buttons button').first();
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), btn.click()]);
      const text = readFileSync(await dl.path(), 'utf8').replace(/^\uFEFF/, '');
      const rows = parseCsv(text);
      const cells = rows.slice(1).flat();
      const unsafe = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
      const neutralised = cells.filter((c) => /^'[=+\-@\t\r]/.test(c));
      // The distinct neutralised text cells (negative amounts, also neutralised, left out).
      const texts = [...new Set(neutralised.filter((c) => !Number.isFinite(Number(c.slice(1)))))].sort();
      h.report.csv = { mode, rows: rows.length - 1, header: rows[0], unsafe: unsafe.slice(0, 20), unsafeCount: unsafe.length, neutralisedCount: neutralised.length, neutralisedTexts: texts };
      for (const c of unsafe.slice(0, 20)) h.finding(`${mode} explorer export CSV`, `a CSV cell a spreadsheet reads as a formula: ${JSON.stringify(c)}`);
    });
  } finally {
    await page.close();
  }
  if (h.hostileHash) await hostileHash(context, base, mode, h);
}

/**
 * Opens the explorer with a crafted URL hash (the view state a shared link carries): payloads in
 * the search text and the sort and group keys, a group key that breaks out of a CSS selector, and
 * parameter paths that walk into Object.prototype. The explorer must start, show the payload
 * only as text, and leave Object.prototype alone.
 */
async function hostileHash(context, base, mode, h) {
  const page = await context.newPage();
  h.setStep(page, 'explorer hostile hash');
  h.watch(page);
  const state = {
    f: { q: '<script>__pwn(51)</script>' },
    p: { '__proto__.toString': 1, 'constructor.prototype.valueOf': 2, 'tiers.__proto__.hasOwnProperty': 3 },
    g: 'x"]',
    gk: '<img src=x onerror=__pwn(52)>',
    s: '"><svg onload=__pwn(53)>',
  };
  const where = `${mode} explorer hostile hash`;
  try {
    await page.goto(new URL('explorer.html', base).href + '#' + encodeURIComponent(JSON.stringify(state)), { waitUntil: 'load', timeout: 30000 });
    if (h.password !== null) await unlock(page, h.password, h.report, (what) => h.finding(where, what));
    await page.waitForSelector('#explorer[data-ready]', { timeout: 60000 });
    const ready = await page.getAttribute('#explorer', 'data-ready');
    if (ready !== 'true') h.finding(where, `the explorer did not start: ${(await page.textContent('#ex-status')).trim()}`);
    const proto = await page.evaluate(() =>
      ['toString', 'valueOf', 'hasOwnProperty'].filter((k) => typeof Object.prototype[k] !== 'function'),
    );
    for (const k of proto) h.finding(where, `the URL hash overwrote Object.prototype.${k}`);
    await page.waitForTimeout(Math.min(h.settle, 100));
    await h.inspect(page);
  } catch (e) {
    h.finding(where, `step failed: ${e.message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
}

main().catch((e) => {
  console.error(`payloads: ${e.stack || e}`);
  process.exit(2);
});
