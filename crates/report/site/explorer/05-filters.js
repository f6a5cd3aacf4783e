  // --- Filters ---------------------------------------------------------------------------------
  function multiSelect(key, label, options) {
    var id = 'ex-f-' + key;
    var s = el('select', { id: id, multiple: true, size: Math.min(5, Math.max(2, options.length)) });
    options.forEach(function (o) { s.appendChild(el('option', { value: String(o[0]), text: o[1] })); });
    s.addEventListener('change', function () {
      state.f[key] = Array.prototype.filter.call(s.options, function (o) { return o.selected; }).map(function (o) {
        return key === 'industry' || key === 'reason' ? o.value : Number(o.value);
      });
      state.page = 0;
      refresh();
    });
    ui['f_' + key] = s;
    return el('div', { cls: 'ex-field' }, [el('label', { for: id, text: label }), s]);
  }
  function checks(key, label, codes, labels) {
    var fs = el('fieldset', { cls: 'ex-checks' }, [el('legend', { text: label })]);
    ui['f_' + key] = [];
    codes.forEach(function (c, i) {
      var id = 'ex-f-' + key + '-' + i;
      var box = el('input', { type: 'checkbox', id: id, value: String(i) });
      box.addEventListener('change', function () {
        state.f[key] = ui['f_' + key].filter(function (b) { return b.checked; }).map(function (b) { return Number(b.value); });
        state.page = 0;
        refresh();
      });
      ui['f_' + key].push(box);
      fs.appendChild(el('span', { cls: 'ex-check' }, [box, el('label', { for: id, text: labels[i] })]));
    });
    return fs;
  }
  function range(key, label) {
    var mk = function (i) {
      var id = 'ex-f-' + key + '-' + (i ? 'max' : 'min');
      var inp = el('input', { type: 'number', id: id, step: 'any', inputMode: 'decimal' });
      inp.setAttribute('aria-label', label + ' ' + t(i ? 'max' : 'min') + ' (' + unitLabel + ')');
      inp.placeholder = t(i ? 'max' : 'min');
      inp.addEventListener('change', function () {
        var v = inp.value === '' ? null : Number(inp.value) * unitDiv;
        state.f[key][i] = (v === null || isFinite(v)) ? v : null;
        state.page = 0;
        refresh();
      });
      return inp;
    };
    var a = mk(0), b = mk(1);
    ui['f_' + key] = [a, b];
    return el('fieldset', { cls: 'ex-range' }, [el('legend', { text: label + ' (' + unitLabel + ')' }), a, el('span', { text: '–' }), b]);
  }

  function buildFilters() {
    var s = section('filters', t('h_filters'));
    var form = el('form', { cls: 'ex-form', role: 'search' });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    var qid = 'ex-f-q';
    var q = el('input', { type: 'search', id: qid, autocomplete: 'off' });
    var timer = null;
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.f.q = q.value; state.page = 0; refresh(); }, 200);
    });
    ui.f_q = q;
    form.appendChild(el('div', { cls: 'ex-field' }, [el('label', { for: qid, text: t('id_search') }), q]));
    if (meta.branch == null) {
      form.appendChild(multiSelect('branch', t('branch'), meta.branches.map(function (b, i) { return [i, b]; })));
    }
    var mgrs = [[-1, t('none')]].concat(meta.managers.map(function (m, i) {
      var n = meta.manager_names[i];
      return [i, n ? m + ' ' + n : m];
    }));
    form.appendChild(multiSelect('manager', t('manager'), mgrs));
    form.appendChild(checks('kind', t('kind'), KINDS, KINDS.map(function (k) { return t(k); })));
    form.appendChild(checks('tier', t('tier'), TIERS, TIERS.map(function (k) { return t(k); })));
    form.appendChild(checks('level', t('level'), LEVELS, LEVEL_KEYS.map(function (k) { return t(k); })));
    form.appendChild(checks('risk', t('risk'), RISKS, RISKS.map(function (k) { return t(k); })));
    var inds = [['', t('none')]].concat(Object.keys(INDUSTRIES).map(function (k) { return [k, k + ' ' + industryText(k)]; }));
    form.appendChild(multiSelect('industry', t('industry'), inds));
    form.appendChild(multiSelect('product', t('product'), meta.products.map(function (p, i) { return [i, p]; })));
    form.appendChild(multiSelect('reason', t('reason'), meta.reasons.map(function (r) { return [r, r + ' ' + reasonText(r)]; })));
    form.appendChild(range('contribution', t('contribution')));
    form.appendChild(range('aum', t('aum')));
    form.appendChild(range('deposit', t('deposit')));
    var mid = 'ex-f-moved';
    var moved = el('input', { type: 'checkbox', id: mid });
    moved.addEventListener('change', function () { state.f.moved = moved.checked; state.page = 0; refresh(); });
    ui.f_moved = moved;
    form.appendChild(el('div', { cls: 'ex-check' }, [moved, el('label', { for: mid, text: t('moved_only') })]));
    var reset = el('button', { type: 'button', text: t('reset_filters') });
    reset.addEventListener('click', function () { state.f = defaultState().f; state.page = 0; syncFilterInputs(); refresh(); });
    form.appendChild(reset);
    s.appendChild(form);
    syncFilterInputs();
    return s;
  }

  function syncFilterInputs() {
    var f = state.f;
    ui.f_q.value = f.q || '';
    ['branch', 'manager', 'industry', 'product', 'reason'].forEach(function (k) {
      var s = ui['f_' + k];
      if (!s) return;
      var want = (f[k] || []).map(String);
      Array.prototype.forEach.call(s.options, function (o) { o.selected = want.indexOf(o.value) >= 0; });
    });
    ['kind', 'tier', 'level', 'risk'].forEach(function (k) {
      ui['f_' + k].forEach(function (b) { b.checked = (f[k] || []).indexOf(Number(b.value)) >= 0; });
    });
    ['contribution', 'aum', 'deposit'].forEach(function (k) {
      ui['f_' + k].forEach(function (inp, i) { var v = (f[k] || [])[i]; inp.value = v == null ? '' : String(v / unitDiv); });
    });
    ui.f_moved.checked = !!f.moved;
  }
