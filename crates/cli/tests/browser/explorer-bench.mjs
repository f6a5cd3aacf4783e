// Benchmark of the in-page explorer on a built site, in headless Chromium from file://.
//
//   node crates/cli/tests/browser/explorer-bench.mjs SITE_DIR [--runs 7]
//
// Prints (median of RUNS where repeated):
//   open      time to interactive: navigation to the explorer's data-ready (all customers
//             decoded, scored by the core in wasm, first view drawn)
//   rescore   a changed parameter: re-score every customer in wasm, re-filter, re-aggregate and
//             redraw (totals, diff, charts, group-by table, one table page)
//   filter    a filter change: filter in wasm, totals, charts, group-by table, one table page
//   sort      a new sort order of the customer table (all customers)
//   wasm      size of the wasm module, raw and gzip -9
//   bundle    size of data/bundle.js, raw and gzip -9, and bytes per customer-period after gzip
// Asserts nothing; the figures go into the issue notes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

import { launch, loadChromium } from './lib.mjs';

const site = process.argv[2];
const ri = process.argv.indexOf('--runs');
const runs = ri > 0 ? Number(process.argv[ri + 1]) : 7;
if (!site) {
  console.error('usage: explorer-bench.mjs SITE_DIR [--runs N]');
  process.exit(2);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

const wasmJs = fs.readFileSync(path.join(site, 'assets/branchlens_wasm.js'), 'utf8');
const wasm = Buffer.from(wasmJs.split('var BRANCHLENS_WASM = "')[1].split('"')[0], 'base64');
const bundleJs = fs.readFileSync(path.join(site, 'data/bundle.js'));

await loadChromium('explorer-bench.mjs');
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'branchlens-bench-'));
const context = await launch(userDir, [], { viewport: { width: 1280, height: 800 } });
try {
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const opens = [];
  let meta;
  for (let r = 0; r < Math.min(3, runs); r++) {
    const t0 = Date.now();
    await page.goto(pathToFileURL(path.resolve(site, 'explorer.html')).href, { timeout: 120000 });
    await page.waitForSelector('#explorer[data-ready]', { timeout: 120000 });
    opens.push(Date.now() - t0);
    if (await page.getAttribute('#explorer', 'data-ready') !== 'true') throw new Error(await page.textContent('#ex-status'));
    meta = await page.evaluate(() => { const m = window.branchlensExplorer.get().meta; return { customers: m.customers, rows: m.rows, periods: m.periods.length }; });
  }
  const timed = (fn, arg) => page.evaluate(([f, a]) => {
    const x = window.branchlensExplorer;
    const t0 = performance.now();
    // eslint-disable-next-line no-new-func
    (new Function('x', 'a', f))(x, a);
    return performance.now() - t0;
  }, [fn, arg]);
  const rescore = [], filter = [], sort = [];
  for (let r = 0; r < runs; r++) {
    rescore.push(await timed('x.setParams({"tiers.vip_share": a})', r % 2 ? 0.06 : 0.1));
  }
  await timed('x.setParams({})');
  for (let r = 0; r < runs; r++) {
    filter.push(await timed('var s = x.get().state; s.f.tier = a; x.refresh();', r % 2 ? [] : [0, 1]));
  }
  for (let r = 0; r < runs; r++) {
    sort.push(await timed('var g = x.get(); g.ex.sort(a, true);', r % 2 ? 's3' : 'points'));
  }
  const mb = (n) => (n / 1e6).toFixed(2) + ' MB';
  console.log(`site      ${site}: ${meta.customers} customers, ${meta.rows} customer-periods in ${meta.periods} periods`);
  console.log(`open      ${median(opens)} ms (time to interactive from file://; runs ${opens.join(', ')})`);
  console.log(`rescore   ${median(rescore).toFixed(1)} ms median (runs ${rescore.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`filter    ${median(filter).toFixed(1)} ms median (runs ${filter.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`sort      ${median(sort).toFixed(1)} ms median (runs ${sort.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`wasm      ${wasm.length} bytes, ${gz(wasm)} bytes gzip -9`);
  const g = gz(bundleJs);
  console.log(`bundle    ${mb(bundleJs.length)}, ${mb(g)} gzip -9, ${(g / meta.rows).toFixed(2)} bytes per customer-period after gzip`);
  if (errors.length) console.log(`errors    ${errors.join(' | ')}`);
} finally {
  await context.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}
