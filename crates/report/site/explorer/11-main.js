  // ------------------------------------------------------------------------------------------
  // Refresh: filter (wasm) → totals (core counts/figures) → charts, groups, table
  // ------------------------------------------------------------------------------------------
  function refresh() {
    var t0 = now();
    try {
      sel = ex.filter(JSON.stringify(state.f));
    } catch (e) {
      state.f = defaultState().f;
      syncFilterInputs();
      sel = ex.filter(JSON.stringify(state.f));
    }
    var tot = JSON.parse(ex.totals());
    renderTotals(tot);
    renderDiff();
    renderCharts(tot);
    renderGroups();
    renderTable();
    writeHash();
    var root = document.getElementById('explorer');
    if (root) root.setAttribute('data-refresh-ms', String(Math.round(now() - t0)));
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type + ';charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* For tests and the benchmark: the explorer's state, read-only. */
  window.branchlensExplorer = {
    get: function () { return { ex: ex, meta: meta, sel: sel, sc: sc, col: col, state: state }; },
    refresh: function () { refresh(); },
    setParams: function (p) { state.p = p; syncParamInputs(); applyParams(false); refresh(); }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
