// End-to-end check of the in-page explorer in headless Chromium, opened from file://.
//
//   node crates/cli/tests/browser/explorer.mjs --site DIR --scores FILE.csv --summary FILE.json [--lang en|zh-CN]
//   node crates/cli/tests/browser/explorer.mjs --site DIR --scores FILE.csv --branch B01
//
// DIR is a built site (holding explorer.html). With default parameters, the explorer's
// per-customer tiers, warning levels, points, reasons, risk classes, contributions and s3 must
// equal the `branchlens score` CSV exactly, and its totals (no filter) summary.json's counts and
// headline figures. Then it drives the page like a user: filters, re-scoring with a changed
// parameter (the diff must show moves; the exported branchlens.toml must carry the value),
// the URL hash (a reload restores the view), CSV export (formula-injection protection), and
// both layouts (1280×800 and 768×1024) without horizontal overflow. Fails on any console error,
// page error, or request that is not a local file (or blob:/data:). Prints one line per check.
//
// With --branch (a site of `build --split-by branch`): the bundle holds exactly that branch's
// customers of the score CSV; contributions, s3 and risk classes equal the CSV; the page says
// that re-scored tiers are ranked within the branch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { launch, loadChromium } from './lib.mjs';

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const site = arg('--site');
const scoresPath = arg('--scores');
const summaryPath = arg('--summary');
const lang = arg('--lang', 'en');
const branch = arg('--branch');
// How many signals the export switches off for want of a column (shown as .ex-off notes).
const switchedOff = Number(arg('--switched-off', '0'));
if (!site || !scoresPath || (!summaryPath && !branch)) {
  console.error('usage: explorer.mjs --site DIR --scores FILE.csv --summary FILE.json [--lang en|zh-CN]');
  process.exit(2);
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

// The score CSV: simple, unquoted fields (ids and codes); parse by header.
function readCsv(file) {
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length);
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    const o = {};
    head.forEach((h, i) => { o[h] = cells[i]; });
    return o;
  });
}
const allScores = readCsv(scoresPath);
const scores = branch ? allScores.filter((r) => r.branch_id === branch) : allScores;
const summary = branch ? null : JSON.parse(fs.readFileSync(summaryPath, 'utf8'));

await loadChromium('explorer.mjs');
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'branchlens-explorer-'));
const context = await launch(userDir, [], { acceptDownloads: true, viewport: { width: 1280, height: 800 } });
const problems = [];
let got;
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file://') && !u.startsWith('blob:') && !u.startsWith('data:')) problems.push(`outside request: ${u}`);
  });
  const url = pathToFileURL(path.resolve(site, 'explorer.html')).href;

  async function open(hash) {
    const t0 = Date.now();
    await page.goto(url + (hash || ''));
    await page.waitForSelector('#explorer[data-ready]', { timeout: 60000 });
    const ready = await page.getAttribute('#explorer', 'data-ready');
    const status = await page.textContent('#ex-status');
    if (ready !== 'true') throw new Error(`explorer did not start: ${status}`);
    return { ms: Date.now() - t0, status };
  }

  const first = await open();
  check(true, `opened from file:// in ${first.ms} ms: ${first.status.trim()}`);
  check(await page.getAttribute('html', 'lang') === lang, `<html lang="${lang}">`);
  check(lang === 'zh-CN' ? /[\u4e00-\u9fff]/.test(first.status) : /customers loaded/.test(first.status), 'status text in the page language');
  const offNotes = await page.locator('.ex-off').allTextContents();
  check(offNotes.length === switchedOff && offNotes.every((m) => /NO_CONTACT|COMPLAINTS|风险|risk|industry|行业|loan|五级/.test(m)),
    `${switchedOff} switched-off signals noted: ${JSON.stringify(offNotes)}`);

  // --- Equality with `branchlens score` and summary.json --------------------------------------
  got = await page.evaluate(() => {
    const g = window.branchlensExplorer.get();
    const pick = (a) => Array.from(a);
    return {
      ids: g.meta.ids, reasons: g.meta.reasons,
      tier: pick(g.sc.tier), level: pick(g.sc.level), points: pick(g.sc.points), bits: pick(g.sc.reasons),
      risk: pick(g.sc.risk), rising: pick(g.sc.rising), contribution: pick(g.sc.contribution), s3: pick(g.sc.s3),
      totals: JSON.parse(g.ex.totals()),
    };
  });
  if (branch) {
    await checkBranchSite(got);
    throw new Error('done');
  }
  const TIERS = ['vip', 'key', 'ordinary', 'below_cost'];
  const LEVELS = ['none', 'yellow', 'orange', 'red'];
  const RISKS = ['normal', 'watch', 'doubtful', 'exit'];
  check(got.ids.length === scores.length, `customers: explorer ${got.ids.length}, score CSV ${scores.length}`);
  const index = new Map(got.ids.map((id, i) => [id, i]));
  let mismatches = 0;
  const firstBad = [];
  for (const r of scores) {
    const i = index.get(r.customer_id);
    const codes = got.reasons.filter((_, b) => got.bits[i] & (1 << b)).join('|');
    const fields = i === undefined ? ['missing'] : [
      ['tier', TIERS[got.tier[i]], r.tier],
      ['churn_level', LEVELS[got.level[i]], r.churn_level],
      ['churn_points', String(got.points[i]), r.churn_points],
      ['churn_reasons', codes, r.churn_reasons],
      ['risk_class', RISKS[got.risk[i]], r.risk_class],
      ['rising', got.rising[i] ? 'true' : 'false', r.rising],
      ['contribution', got.contribution[i], Number(r.contribution)],
      ['s3', got.s3[i], Number(r.s3)],
    ].filter(([, a, b]) => a !== b);
    if (fields.length) {
      mismatches++;
      if (firstBad.length < 5) firstBad.push(`${r.customer_id}: ${JSON.stringify(fields)}`);
    }
  }
  check(mismatches === 0, `per-customer tier, level, points, reasons, risk, rising, contribution, s3 equal the score CSV (${mismatches} differ) ${firstBad.join('; ')}`);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  check(same(got.totals.counts, summary.counts), 'counts (tiers, levels, risk, rising, reasons) equal summary.json');
  const f = got.totals.figures;
  const h = summary.headlines;
  for (const k of ['customers', 'deposit_avg', 'loan_balance', 'aum', 'fee_income', 'contribution', 'npl_ratio']) {
    check(same(f[k], h[k].value), `${k}: explorer ${f[k]}, summary.json ${h[k].value}`);
  }
  const shownCustomers = await page.textContent('[data-figure="customers"] .value');
  check(shownCustomers.replace(/[^0-9]/g, '') === String(summary.counts.customers), `the customers card shows ${shownCustomers}`);

  // --- Filters ----------------------------------------------------------------------------------
  await page.check('#ex-f-tier-0'); // VIP
  const vipCount = await page.evaluate(() => window.branchlensExplorer.get().sel.length);
  check(vipCount === summary.counts.tiers.vip, `tier filter VIP: ${vipCount} = summary ${summary.counts.tiers.vip}`);
  const vipRows = await page.$$eval('table.ex-customers tbody tr', (rows) => rows.length);
  check(vipRows === Math.min(50, vipCount), `customer table shows one page (${vipRows} rows)`);
  const hash = await page.evaluate(() => location.hash);
  check(hash.length > 1, 'the view is in the URL hash');
  await open(hash);
  const again = await page.evaluate(() => window.branchlensExplorer.get().sel.length);
  check(again === vipCount && await page.isChecked('#ex-f-tier-0'), 'reopening the URL restores the view');
  await page.click('text=' + (lang === 'zh-CN' ? '清除筛选' : 'Clear filters'));
  const all = await page.evaluate(() => window.branchlensExplorer.get().sel.length);
  check(all === scores.length, 'clearing the filters selects everyone');

  // Group-by: sums over branches add up to the total customers.
  await page.selectOption('#ex-g-by', 'tier');
  const groupRows = await page.$$eval('.ex-group-table tbody tr', (rows) => rows.map((r) => r.children[1].textContent));
  check(groupRows.length >= 1, `group-by tier: ${groupRows.length} rows`);

  // --- Re-scoring in wasm --------------------------------------------------------------------------
  await page.fill('#ex-p-tiers-vip_share', '0.1');
  await page.press('#ex-p-tiers-vip_share', 'Tab');
  await page.waitForSelector('[data-moved]:not([data-moved="0"])', { timeout: 30000 });
  const moved = Number(await page.getAttribute('[data-moved]', 'data-moved'));
  const vipNow = await page.evaluate(() => JSON.parse(window.branchlensExplorer.get().ex.totals()).counts.tiers.vip);
  check(moved > 0 && vipNow > summary.counts.tiers.vip, `vip_share 0.1: ${moved} customers moved, VIP ${summary.counts.tiers.vip} → ${vipNow}`);
  const toml = await page.evaluate(() => window.branchlensExplorer.get().ex.configToml());
  check(/\[tiers\][^[]*vip_share = 0\.1\n/.test(toml), 'the exported branchlens.toml carries vip_share = 0.1');
  const [tomlDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('text=' + (lang === 'zh-CN' ? '下载 branchlens.toml' : 'Download branchlens.toml')),
  ]);
  check(tomlDownload.suggestedFilename() === 'branchlens.toml', 'branchlens.toml download');
  await page.fill('#ex-p-tiers-vip_share', '0.9');
  await page.press('#ex-p-tiers-vip_share', 'Tab');
  const err = await page.textContent('.ex-section.ex-params [role="alert"]');
  check(err.includes('vip_share'), `an invalid value is refused with the core's message: ${err}`);
  await page.click('text=' + (lang === 'zh-CN' ? '恢复生成时的参数' : 'Back to the build parameters'));
  const back = await page.getAttribute('[data-moved]', 'data-moved');
  check(back === '0', 'back to the build parameters: nobody moved');

  // --- CSV export -------------------------------------------------------------------------------------
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('text=' + (lang === 'zh-CN' ? '导出客户名单（CSV）' : 'Export call list (CSV)')),
  ]);
  const csvText = fs.readFileSync(await csvDownload.path(), 'utf8');
  const csvLines = csvText.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l);
  check(csvLines.length === scores.length + 1, `CSV call list: ${csvLines.length - 1} rows`);
  const unsafe = csvLines.slice(1).flatMap((l) => l.split(',')).filter((c) => /^[=+\-@\t\r]/.test(c.replace(/^"/, '')));
  check(unsafe.length === 0, `no CSV cell starts with = + - @ tab or CR (${unsafe.length})`);

  // --- Layout: desktop and tablet, keyboard ------------------------------------------------------
  for (const [w, hgt] of [[1280, 800], [768, 1024]]) {
    await page.setViewportSize({ width: w, height: hgt });
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(over <= 1, `${w}×${hgt}: no horizontal page overflow (${over}px)`);
  }
  await page.focus('#ex-f-q');
  await page.keyboard.type(scores[0].customer_id);
  await page.waitForFunction((n) => window.branchlensExplorer.get().sel.length < n, scores.length, { timeout: 10000 });
  const found = await page.$$eval('table.ex-customers tbody th', (ths) => ths.map((t) => t.textContent));
  check(found.includes(scores[0].customer_id), `typing an id finds the customer (${found.length} rows)`);
  async function checkBranchSite(g) {
    const RISKS = ['normal', 'watch', 'doubtful', 'exit'];
    const metaBranch = await page.evaluate(() => window.branchlensExplorer.get().meta.branch);
    check(metaBranch === branch, `the bundle is scoped to branch ${metaBranch}`);
    const ids = new Set(g.ids);
    check(g.ids.length === scores.length && scores.every((r) => ids.has(r.customer_id)),
      `the bundle holds exactly the ${scores.length} customers of ${branch} (${g.ids.length})`);
    const index = new Map(g.ids.map((id, i) => [id, i]));
    const bad = scores.filter((r) => {
      const i = index.get(r.customer_id);
      return i === undefined || g.contribution[i] !== Number(r.contribution) || g.s3[i] !== Number(r.s3) || RISKS[g.risk[i]] !== r.risk_class;
    });
    check(bad.length === 0, `contribution, s3 and risk class equal the score CSV (${bad.length} differ)`);
    const note = await page.textContent('.ex-scope');
    check(note.includes(branch), `the page states the branch scope: ${note}`);
    check(await page.$('#ex-f-branch') === null, 'no branch filter on a branch site');
  }
} catch (e) {
  if (!(e instanceof Error && e.message === 'done')) {
    failures.push(String(e && e.stack ? e.stack : e));
    console.log(`FAIL ${e}`);
  }
} finally {
  await context.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}
for (const p of problems) check(false, p);
if (failures.length) {
  console.log(`explorer: ${failures.length} check(s) FAILED`);
  process.exit(1);
}
console.log('explorer: all checks passed');
