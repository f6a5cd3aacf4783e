  // ------------------------------------------------------------------------------------------
  // Start
  // ------------------------------------------------------------------------------------------
  function start() {
    var status = document.getElementById('ex-status');
    var root = document.getElementById('explorer');
    if (!root || !status) return;
    // A locked site (assets/lock.js): the bundle arrives decrypted with the password.
    var opened = window.BRANCHLENS_BUNDLE_BYTES;
    if (!opened && typeof BRANCHLENS_BUNDLE_SEALED === 'object' && BRANCHLENS_BUNDLE_SEALED) {
      status.textContent = t('locked');
      root.setAttribute('data-ready', 'locked');
      document.addEventListener('branchlens:unlocked', start, { once: true });
      return;
    }
    try {
      if ((!opened && typeof BRANCHLENS_BUNDLE !== 'string') || typeof BRANCHLENS_WASM !== 'string' || typeof wasm_bindgen === 'undefined') {
        throw new Error(t('missing'));
      }
      var t0 = now();
      wasm_bindgen.initSync({ module: b64bytes(BRANCHLENS_WASM) });
      ex = new wasm_bindgen.Explorer(opened || b64bytes(BRANCHLENS_BUNDLE), document.documentElement.lang || 'en');
      meta = JSON.parse(ex.meta());
      ['kind', 'branch', 'manager', 'industry', 'products_lo', 'products_hi', 'deposit', 'loan', 'aum', 'fee'].forEach(function (c) {
        col[c] = ex.column(c);
      });
      var opts = (typeof BRANCHLENS_EXPLORER === 'object' && BRANCHLENS_EXPLORER) || {};
      if (opts.unit === 'wan') { unitDiv = 10000; unitLabel = t('unit_wan'); } else { unitLabel = t('unit_yuan'); }
      buildCfg = JSON.parse(ex.configJson());
      cfg = JSON.parse(JSON.stringify(buildCfg));
      state = readHash();
      build(root);
      applyParams(true);
      setOrder();
      refresh();
      var ms = Math.round(now() - t0);
      status.textContent = t('ready', { n: nf0.format(meta.customers), ms: ms });
      root.setAttribute('data-ready', 'true');
      root.setAttribute('data-load-ms', String(ms));
    } catch (e) {
      status.textContent = t('failed') + (e && e.message ? e.message : String(e));
      status.className = 'ex-status ex-error';
      root.setAttribute('data-ready', 'error');
    }
  }

  function loadScores() {
    ['contribution', 's3', 'tier', 'level', 'points', 'reasons', 'risk', 'rising', 'base_tier', 'base_level'].forEach(function (c) {
      // The build's tiers and levels never change: copied once.
      if (!(c.indexOf('base_') === 0 && sc[c])) sc[c] = ex.scoreColumn(c);
    });
    model = ex.modelInForce();
    if (model) sc.p_churn = ex.scoreColumn('p_churn'); else delete sc.p_churn;
    if (ui.scoring) renderScoring();
  }
