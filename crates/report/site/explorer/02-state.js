  // ------------------------------------------------------------------------------------------
  // State
  // ------------------------------------------------------------------------------------------
  /** The core in wasm over the bundle (its methods: generated/branchlens_wasm.d.ts).
      @type {wasm_bindgen.Explorer} */
  var ex;
  var meta, col = {}, sc = {}, unitDiv = 1, unitLabel = '';
  /* Whether a fitted [churn_model] is in force (then sc.p_churn holds its probabilities). */
  var model = false;
  var buildCfg, cfg;
  /** The selection: indices of the customers, in display order. @type {Uint32Array} */
  var sel = new Uint32Array(0);
  var state = defaultState();
  var ui = {};
  var PAGE = 50;
  var MAX_GROUPS = 300;

  function defaultState() {
    return {
      f: { branch: [], manager: [], kind: [], tier: [], level: [], risk: [], industry: [], product: [], reason: [],
        contribution: [null, null], aum: [null, null], deposit: [null, null], q: '', moved: false },
      p: {},
      g: 'branch', gk: 'contribution', gd: true,
      s: 'contribution', sd: true, page: 0
    };
  }

  function money(v) { return nf2.format(v / unitDiv); }
  function money0(v) { return nf0.format(v / unitDiv); }

  function getPath(obj, path) {
    return path.split('.').reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }
  function setPath(obj, path, v) {
    var ks = path.split('.');
    var o = obj;
    for (var i = 0; i < ks.length - 1; i++) o = o[ks[i]];
    o[ks[ks.length - 1]] = v;
  }

  // ------------------------------------------------------------------------------------------
  // URL hash: the view state (filters, changed parameters, grouping, sorting, page)
  // ------------------------------------------------------------------------------------------
  function writeHash() {
    var h = '#' + encodeURIComponent(JSON.stringify(state));
    try { history.replaceState(null, '', h); } catch (e) { location.hash = h; }
  }
  function readHash() {
    var s = defaultState();
    var raw = location.hash.slice(1);
    if (!raw) return s;
    try {
      var v = JSON.parse(decodeURIComponent(raw));
      if (v && typeof v === 'object') {
        if (v.f && typeof v.f === 'object') Object.keys(s.f).forEach(function (k) { if (k in v.f) s.f[k] = v.f[k]; });
        if (v.p && typeof v.p === 'object') s.p = v.p;
        ['g', 'gk', 's'].forEach(function (k) { if (typeof v[k] === 'string') s[k] = v[k]; });
        ['gd', 'sd'].forEach(function (k) { if (typeof v[k] === 'boolean') s[k] = v[k]; });
        if (typeof v.page === 'number' && v.page >= 0) s.page = Math.floor(v.page);
      }
    } catch (e) { /* a broken hash gives the default view */ }
    return s;
  }
