// Type-checks the explorer's script as the site ships it: the modules of explorer/ concatenated
// in file-name order, a blank line between two (what crates/report/src/explorer.rs embeds as
// assets/explorer.js; they share the scope of one function, so they cannot be checked one by
// one). The TypeScript compiler checks it as JavaScript (checkJs) with strict checks except
// noImplicitAny, against globals.d.ts (what the page's other scripts define),
// generated/branchlens_wasm.d.ts (the wasm module's exports, written by scripts/build-wasm.sh,
// so a call the module does not export fails here) and generated/messages.d.ts (the keys of the
// explorer's strings, written from the message table by crates/report: t() with a key that is
// not in crates/i18n/messages/explorer.toml fails here). Errors name the module, line and column.
//
//   cd crates/report/site && npm ci && node check.mjs      (scripts/test.sh runs it)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));

const compilerOptions = {
  allowJs: true,
  checkJs: true,
  noEmit: true,
  target: 'es2022',
  // Uint8Array.fromBase64 is used where the browser has it; Symbol.dispose is named by the
  // wasm-bindgen declarations.
  lib: ['es2022', 'dom', 'esnext.typedarrays', 'esnext.disposable'],
  types: [],
  strict: true,
  // Most of the script's values are parsed JSON or DOM nodes; parameters stay untyped.
  noImplicitAny: false,
  // The script reads a caught error's message when it has one.
  useUnknownInCatchVariables: false,
  noUnusedLocals: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
};

const dir = path.join(here, 'explorer');
const modules = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .sort()
  .map((f) => ({ file: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8'), start: 0 }));
let at = 0;
for (const m of modules) {
  m.start = at;
  at += m.text.length + 1;
}
const script = modules.map((m) => m.text).join('\n');
// The shipped script, checked in memory under this name (no such file on disk).
const shipped = path.join(here, 'explorer.js');

const { options, errors } = ts.convertCompilerOptionsFromJson(compilerOptions, here);
if (errors.length) fail(errors);
const host = ts.createCompilerHost(options, true);
const original = { getSourceFile: host.getSourceFile, fileExists: host.fileExists, readFile: host.readFile };
const isShipped = (name) => path.resolve(name) === shipped;
host.getSourceFile = (name, lang, ...rest) =>
  isShipped(name) ? ts.createSourceFile(name, script, lang, true) : original.getSourceFile.call(host, name, lang, ...rest);
host.fileExists = (name) => isShipped(name) || original.fileExists.call(host, name);
host.readFile = (name) => (isShipped(name) ? script : original.readFile.call(host, name));

const rootNames = [
  shipped,
  path.join(here, 'globals.d.ts'),
  path.join(here, 'generated/branchlens_wasm.d.ts'),
  path.join(here, 'generated/messages.d.ts'),
];
const program = ts.createProgram({ rootNames, options, host });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length) fail(diagnostics);
const lines = script.split('\n').length - 1;
console.log(`explorer check: ${modules.length} modules, ${lines} lines, no error (TypeScript ${ts.version})`);

/** Prints each diagnostic at its module's own file, line and column, and exits with 1. */
function fail(list) {
  for (const d of list) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
    let where = '';
    if (d.file && d.start !== undefined) {
      let file = d.file.fileName;
      let offset = d.start;
      let text = d.file.text;
      if (isShipped(file)) {
        const m = modules.findLast((m) => m.start <= offset);
        file = m.file;
        offset -= m.start;
        text = m.text;
      }
      const before = text.slice(0, offset).split('\n');
      where = `${path.relative(process.cwd(), file)}:${before.length}:${before[before.length - 1].length + 1}: `;
    }
    console.error(`${where}error TS${d.code}: ${message}`);
  }
  console.error(`explorer check: ${list.length} error${list.length === 1 ? '' : 's'}`);
  process.exit(1);
}
