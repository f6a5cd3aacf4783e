// What the explorer page's other scripts define, for the type check of explorer/*.js
// (check.mjs). The wasm module's exports (the global wasm_bindgen) are declared in
// generated/branchlens_wasm.d.ts, which scripts/build-wasm.sh writes.

/** data/bundle.js: the display options of the build (`bundle_js` in src/explorer.rs). `unit` is
 *  always written; the script falls back to yuan without it. */
declare var BRANCHLENS_EXPLORER: { unit?: 'yuan' | 'wan' } | undefined;
/** data/bundle.js: the data bundle (branchlens_core::bundle) in base64; null in a locked site. */
declare var BRANCHLENS_BUNDLE: string | null | undefined;
/** data/bundle.js of a locked site: the bundle encrypted (AES-256-GCM), opened by assets/lock.js. */
declare var BRANCHLENS_BUNDLE_SEALED: { iv: string; ct: string } | undefined;
/** assets/branchlens_wasm.js: the wasm module in base64 (scripts/build-wasm.sh). */
declare var BRANCHLENS_WASM: string | undefined;

interface Window {
  /** assets/lock.js: the bundle's bytes, once the password has opened them. */
  BRANCHLENS_BUNDLE_BYTES?: Uint8Array;
  /** Set by the explorer for the browser tests and the benchmark (tests/browser/explorer.mjs,
   *  explorer-bench.mjs), which drive it through these three functions. */
  branchlensExplorer: {
    /** The explorer's state, read-only. */
    get(): { ex: wasm_bindgen.Explorer; meta: any; sel: Uint32Array; sc: any; col: any; state: any };
    /** Filters and redraws. */
    refresh(): void;
    /** Replaces the changed scoring parameters (path → value) and re-scores. */
    setParams(p: Record<string, number>): void;
  };
}
