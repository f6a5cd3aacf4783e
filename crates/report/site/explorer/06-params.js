  // --- Parameters ------------------------------------------------------------------------------
  function buildParams() {
    var s = section('params', t('h_params'));
    s.appendChild(el('p', { cls: 'note', text: t('apply_note') }));
    if (!meta.complete) s.appendChild(el('p', { cls: 'note', text: t('window_note', { n: meta.periods.length }) }));
    s.appendChild(el('p', { cls: 'note', text: t('perf_note') }));
    // Signals switched off because the export lacks their column (core's findings, in the page's language).
    (meta.switched_off || []).forEach(function (m) { s.appendChild(el('p', { cls: 'note ex-off', text: m })); });
    ui.paramError = el('p', { cls: 'ex-error', role: 'alert' });
    ui.paramInfo = el('p', { cls: 'note', 'aria-live': 'polite' });
    s.appendChild(ui.paramError);
    s.appendChild(ui.paramInfo);
    ui.params = {};
    /** @type {Record<string, MsgKey>} */
    var sections = { contribution: 'sec_contribution', tiers: 'sec_tiers', churn: 'sec_churn', risk: 'sec_risk' };
    Object.keys(sections).forEach(function (sec) {
      var fs = el('fieldset', { cls: 'ex-params' }, [el('legend', { text: t(sections[sec]) })]);
      PARAMS.filter(function (p) { return p[0] === sec; }).forEach(function (p) {
        var path = p[0] + '.' + p[1];
        var id = 'ex-p-' + path.replace(/\./g, '-');
        var inp = el('input', { type: 'number', id: id, step: String(p[3]), min: '0' });
        inp.addEventListener('change', function () {
          var v = Number(inp.value);
          if (inp.value === '' || !isFinite(v)) { delete state.p[path]; } else if (v === getPath(buildCfg, path)) { delete state.p[path]; } else { state.p[path] = v; }
          applyParams(false);
          state.page = 0;
          refresh();
        });
        ui.params[path] = inp;
        fs.appendChild(el('div', { cls: 'ex-field ex-param' }, [el('label', { for: id, text: t(p[2]) }), inp]));
      });
      s.appendChild(fs);
    });
    var reset = el('button', { type: 'button', text: t('reset_params') });
    reset.addEventListener('click', function () { state.p = {}; syncParamInputs(); applyParams(false); refresh(); });
    var toml = el('button', { type: 'button', text: t('export_toml') });
    toml.addEventListener('click', function () { download('branchlens.toml', ex.configToml(), 'application/toml'); });
    s.appendChild(el('div', { cls: 'ex-buttons' }, [reset, toml]));
    syncParamInputs();
    return s;
  }

  function syncParamInputs() {
    Object.keys(ui.params).forEach(function (path) {
      var v = path in state.p ? state.p[path] : getPath(buildCfg, path);
      ui.params[path].value = v == null ? '' : String(v);
    });
  }

  /* Builds the configuration from the build's and the changed keys, and has the core re-score.
     On an invalid value the core's message is shown and the previous scores stay. */
  function applyParams(initial) {
    var next = JSON.parse(JSON.stringify(buildCfg));
    // Only the parameters this page offers (a shared link's hash is untrusted: a path such as
    // `__proto__.toString` must not reach setPath).
    Object.keys(state.p).forEach(function (path) {
      if (!Object.prototype.hasOwnProperty.call(ui.params, path)) return;
      if (getPath(next, path) !== undefined && typeof state.p[path] === 'number' && isFinite(state.p[path])) setPath(next, path, state.p[path]);
    });
    ui.paramError.textContent = '';
    if (initial && Object.keys(state.p).length === 0) { loadScores(); ui.diff = null; return; }
    var t0 = now();
    try {
      ui.diff = JSON.parse(ex.setConfig(JSON.stringify(next)));
      cfg = next;
      loadScores();
      ui.paramInfo.textContent = t('rescored', { ms: Math.round(now() - t0) });
    } catch (e) {
      ui.paramError.textContent = t('param_error') + (e && e.message ? e.message : String(e));
      if (!sc.tier) loadScores();
    }
  }
