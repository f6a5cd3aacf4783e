#!/usr/bin/env node
// Drives an encrypted Branchlens site (built with --password-file / --passwords) in headless
// Chromium and checks what a reader sees before and after the password.
//
//   node lock.mjs SITE_DIR --password PW [--wrong PW]... [--page PATH] [--no-explorer]
//
// For PAGE (default index.html; it must have customer-level slots) it checks, from file:// and
// over HTTP on 127.0.0.1 (both secure contexts, where WebCrypto exists):
//   1. locked: #bl-lock is in state "locked", the page has .locked-slot placeholders and shows
//      none of the customer ids it shows after unlocking;
//   2. each --wrong password: state "wrong", the page's wrong-password message, every
//      placeholder still there, no customer table;
//   3. the right password: state "unlocked", no placeholder left, customer rows shown;
//   4. the other pages of the tab open unlocked without the password (sessionStorage), and
//      "Lock again" locks them;
//   5. explorer.html (unless --no-explorer): waits for the password (data-ready "locked"), then
//      unlocks and loads its customers (data-ready "true");
// and over plain HTTP from a non-local host name (intranet.test, mapped to 127.0.0.1 with
// --host-resolver-rules; not a secure context, so no WebCrypto): state "no-webcrypto", the
// page's message, the form disabled.
// Any console error, page error, CSP violation or request outside the site fails the run.
// Prints a JSON summary; exit status 0 on success, 1 on a failed check, 2 on a usage error.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { launch, loadChromium, serve } from './lib.mjs';

const args = process.argv.slice(2);
const opts = { dir: null, password: null, wrong: [], page: 'index.html', explorer: true };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--password') opts.password = args[++i];
  else if (a === '--wrong') opts.wrong.push(args[++i]);
  else if (a === '--page') opts.page = args[++i];
  else if (a === '--no-explorer') opts.explorer = false;
  else if (!a.startsWith('-') && opts.dir === null) opts.dir = a;
  else { console.error(`lock.mjs: unexpected argument ${a}`); process.exit(2); }
}
if (!opts.dir || !opts.password) {
  console.error('usage: node lock.mjs SITE_DIR --password PW [--wrong PW]... [--page PATH] [--no-explorer]');
  process.exit(2);
}
await loadChromium('lock.mjs');
const root = resolve(opts.dir);
const server = await serve(root);
const port = server.address().port;

const problems = [];
const summary = { runs: [] };
const userDir = mkdtempSync(join(tmpdir(), 'branchlens-lock-'));
// intranet.test is the plain-HTTP intranet host name of the last check.
const context = await launch(userDir, ['--host-resolver-rules=MAP intranet.test 127.0.0.1']);
await context.addInitScript({ content: `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
` });

function watch(page, where) {
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${where}: console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${where}: page error: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    const inside = u.startsWith(pathToFileURL(root).href + '/') || u.startsWith(`http://127.0.0.1:${port}/`)
      || u.startsWith(`http://intranet.test:${port}/`) || /^(data|blob|about):/.test(u);
    if (!inside) problems.push(`${where}: request outside the site: ${u}`);
  });
}

const state = (page) => page.evaluate(() => {
  const box = document.getElementById('bl-lock');
  const status = document.getElementById('bl-lock-status');
  return {
    state: box ? box.getAttribute('data-state') : null,
    status: status ? status.textContent : null,
    wrongMsg: box ? box.getAttribute('data-msg-wrong') : null,
    noWebcryptoMsg: box ? box.getAttribute('data-msg-no-webcrypto') : null,
    slots: document.querySelectorAll('.locked-slot').length,
    customerRows: document.querySelectorAll('table.customers tbody tr:not(:has(td.empty))').length,
    text: document.body.innerText,
    csp: window.__csp,
    inputDisabled: document.getElementById('bl-password')?.disabled ?? null,
  };
});

async function waitState(page, want, ms = 30000) {
  await page.waitForFunction((w) => {
    const s = document.getElementById('bl-lock')?.getAttribute('data-state');
    return w.includes(s);
  }, want, { timeout: ms });
  return state(page);
}

async function submit(page, pw) {
  await page.fill('#bl-password', pw);
  await page.click('#bl-unlock button[type=submit]');
}

function check(cond, what) { if (!cond) problems.push(what); }

async function scenario(base, where) {
  const run = { where };
  const page = await context.newPage();
  watch(page, where);
  await page.goto(`${base}/${opts.page}`);
  const locked = await waitState(page, ['locked']);
  check(locked.slots > 0, `${where}: ${opts.page} has no encrypted slot`);
  check(locked.customerRows === 0, `${where}: customer rows shown before the password`);
  run.slots = locked.slots;
  for (const w of opts.wrong) {
    await submit(page, w);
    const s = await waitState(page, ['wrong', 'error']);
    check(s.state === 'wrong', `${where}: a wrong password gave state ${s.state}: ${s.status}`);
    check(s.status === s.wrongMsg, `${where}: wrong-password message not shown (${s.status})`);
    check(s.slots === locked.slots && s.customerRows === 0, `${where}: a wrong password revealed something`);
  }
  run.wrongRefused = opts.wrong.length;
  const t0 = Date.now();
  await submit(page, opts.password);
  const open = await waitState(page, ['unlocked', 'wrong', 'error']);
  run.unlockMs = Date.now() - t0; // PBKDF2 (600,000 iterations) + decryption + insertion
  check(open.state === 'unlocked', `${where}: the right password gave state ${open.state}: ${open.status}`);
  check(open.slots === 0, `${where}: ${open.slots} slots left after unlocking`);
  check(open.customerRows > 0, `${where}: no customer row after unlocking`);
  run.customerRows = open.customerRows;
  // What the unlocked page shows (customer ids) was nowhere in the locked page's text.
  const customerIds = await page.evaluate(() => [...document.querySelectorAll('table.customers th.id')].map((e) => e.textContent.trim()));
  const leaked = customerIds.filter((id) => id && locked.text.includes(id));
  check(customerIds.length > 0 && leaked.length === 0, `${where}: ids visible while locked: ${leaked.slice(0, 5)}`);
  run.customerIds = customerIds.length;
  check(open.csp.length === 0, `${where}: CSP violations: ${open.csp}`);

  // Another page of the site in the same tab opens unlocked.
  await page.goto(`${base}/warnings.html`);
  const next = await waitState(page, ['unlocked', 'locked']);
  check(next.state === 'unlocked' && next.slots === 0, `${where}: warnings.html did not open unlocked (${next.state}, ${next.slots} slots)`);
  if (opts.explorer) {
    await page.goto(`${base}/explorer.html`);
    await page.waitForFunction(() => ['true', 'error'].includes(document.getElementById('explorer')?.getAttribute('data-ready')), null, { timeout: 60000 });
    const ready = await page.evaluate(() => ({ r: document.getElementById('explorer').getAttribute('data-ready'), n: window.branchlensExplorer?.get().meta?.customers ?? 0, status: document.getElementById('ex-status')?.textContent }));
    check(ready.r === 'true' && ready.n > 0, `${where}: the explorer did not open with the remembered key: ${JSON.stringify(ready)}`);
    run.explorerCustomers = ready.n;
  }
  // Lock again: the key is forgotten, the page reloads locked.
  await page.goto(`${base}/warnings.html`);
  await waitState(page, ['unlocked']);
  await Promise.all([page.waitForEvent('load'), page.click('#bl-relock')]);
  const relocked = await waitState(page, ['locked']);
  check(relocked.slots > 0 && relocked.customerRows === 0, `${where}: "Lock again" left the page unlocked`);
  await page.close();

  if (opts.explorer) {
    // A fresh tab on the explorer: it waits for the password, then loads.
    const ex = await context.newPage();
    watch(ex, `${where} explorer`);
    await ex.goto(`${base}/explorer.html`);
    await ex.waitForFunction(() => document.getElementById('explorer')?.getAttribute('data-ready') === 'locked', null, { timeout: 30000 });
    if (opts.wrong.length) {
      await submit(ex, opts.wrong[0]);
      const s = await waitState(ex, ['wrong', 'error']);
      const r = await ex.evaluate(() => document.getElementById('explorer').getAttribute('data-ready'));
      check(s.state === 'wrong' && r === 'locked', `${where}: explorer after a wrong password: ${s.state}, ${r}`);
    }
    await submit(ex, opts.password);
    await ex.waitForFunction(() => ['true', 'error'].includes(document.getElementById('explorer')?.getAttribute('data-ready')), null, { timeout: 60000 });
    const n = await ex.evaluate(() => ({ r: document.getElementById('explorer').getAttribute('data-ready'), n: window.branchlensExplorer?.get().meta?.customers ?? 0 }));
    check(n.r === 'true' && n.n > 0, `${where}: the explorer did not open after the password: ${JSON.stringify(n)}`);
    await ex.close();
  }
  summary.runs.push(run);
}

try {
  await scenario(pathToFileURL(root).href, 'file://');
  await scenario(`http://127.0.0.1:${port}`, 'http://127.0.0.1');
  // Plain HTTP from an intranet host name: no secure context, no WebCrypto.
  const page = await context.newPage();
  watch(page, 'http://intranet.test');
  await page.goto(`http://intranet.test:${port}/${opts.page}`);
  const s = await waitState(page, ['no-webcrypto', 'locked']);
  check(s.state === 'no-webcrypto', `plain HTTP: state ${s.state}`);
  check(s.status === s.noWebcryptoMsg && s.status.length > 20, `plain HTTP: message not shown (${s.status})`);
  check(s.inputDisabled === true, 'plain HTTP: the password field is not disabled');
  check(s.slots > 0 && s.customerRows === 0, 'plain HTTP: customer content shown');
  const secure = await page.evaluate(() => window.isSecureContext);
  check(secure === false, 'the intranet.test page is a secure context: the check proves nothing');
  summary.plainHttp = s.state;
  await page.close();
} catch (e) {
  problems.push(`run failed: ${e && e.stack ? e.stack : e}`);
} finally {
  await context.close();
  server.close();
  rmSync(userDir, { recursive: true, force: true });
}
summary.problems = problems;
console.log(JSON.stringify(summary, null, 1));
process.exit(problems.length ? 1 : 0);
