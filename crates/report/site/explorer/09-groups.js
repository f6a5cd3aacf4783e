  // --- Group by --------------------------------------------------------------------------------
  /** The groupings; each is also its label's message key. @type {MsgKey[]} */
  var GROUP_BY = ['branch', 'manager', 'tier', 'kind', 'industry', 'product'];
  /** The columns: [field, label]. @type {[string, MsgKey][]} */
  var GROUP_COLS = [['customers', 'customers'], ['deposit', 'deposit'], ['loan', 'loan'], ['aum', 'aum'], ['fee', 'fee'], ['contribution', 'contribution'], ['valuable', 'valuable'], ['warned', 'warned'], ['moved', 'moved']];
  function groupLabel(by, key) {
    if (key == null) return t('none');
    if (by === 'branch') return meta.branches[Number(key)];
    if (by === 'manager') { var i = Number(key); var n = meta.manager_names[i]; return meta.managers[i] + (n ? ' ' + n : ''); }
    if (by === 'tier' || by === 'kind') return t(key);
    if (by === 'industry') return key + ' ' + industryText(key);
    if (by === 'product') return meta.products[Number(key)];
    return key;
  }
  function buildGroups() {
    var s = section('groups', t('h_groups'));
    var id = 'ex-g-by';
    var by = el('select', { id: id });
    GROUP_BY.forEach(function (g) {
      if (g === 'branch' && meta.branch != null) return;
      by.appendChild(el('option', { value: g, text: t(g) }));
    });
    by.addEventListener('change', function () { state.g = by.value; writeHash(); renderGroups(); });
    ui.groupBy = by;
    s.appendChild(el('div', { cls: 'ex-field ex-inline' }, [el('label', { for: id, text: t('h_groups') }), by]));
    ui.groups = el('div', { cls: 'table-wrap' });
    s.appendChild(ui.groups);
    return s;
  }
  function sortButton(label, active, desc, onClick) {
    var b = el('button', { type: 'button', cls: 'ex-sort', text: label + (active ? (desc ? ' ▼' : ' ▲') : '') });
    b.setAttribute('aria-label', t('sort_by', { c: label }));
    b.addEventListener('click', onClick);
    return b;
  }
  function renderGroups() {
    var known = Array.prototype.some.call(ui.groupBy.options, function (o) { return o.value === state.g; });
    if (!known) state.g = ui.groupBy.options[0].value;
    ui.groupBy.value = state.g;
    var rows = JSON.parse(ex.groups(state.g));
    var k = state.gk, desc = state.gd;
    rows.sort(function (a, b) {
      var x = k === 'group' ? groupLabel(state.g, a.key) : a[k], y = k === 'group' ? groupLabel(state.g, b.key) : b[k];
      var o = x < y ? -1 : x > y ? 1 : 0;
      return desc ? -o : o;
    });
    var thGroup = el('th', { scope: 'col', 'aria-sort': k === 'group' ? (desc ? 'descending' : 'ascending') : 'none' }, [sortButton(t('group'), k === 'group', desc, function () { setGroupSort('group'); })]);
    var head = el('tr', null, [thGroup].concat(GROUP_COLS.map(function (c) {
      return el('th', { scope: 'col', cls: 'num', 'aria-sort': k === c[0] ? (desc ? 'descending' : 'ascending') : 'none' }, [sortButton(t(c[1]), k === c[0], desc, function () { setGroupSort(c[0]); })]);
    })));
    var body = el('tbody');
    rows.slice(0, MAX_GROUPS).forEach(function (r) {
      body.appendChild(el('tr', null, [el('th', { scope: 'row', text: groupLabel(state.g, r.key) })].concat(GROUP_COLS.map(function (c) {
        var v = r[c[0]];
        var money = ['deposit', 'loan', 'aum', 'fee', 'contribution'].indexOf(c[0]) >= 0;
        return el('td', { cls: 'num', text: money ? money0(v) : nf0.format(v) });
      }))));
    });
    clear(ui.groups);
    var table = el('table', { cls: 'data ex-group-table' }, [el('thead', null, [head]), body]);
    ui.groups.appendChild(table);
    if (rows.length > MAX_GROUPS) ui.groups.appendChild(el('p', { cls: 'note', text: t('showing_groups', { k: MAX_GROUPS, n: nf0.format(rows.length) }) }));
  }
  function setGroupSort(key) {
    if (state.gk === key) state.gd = !state.gd; else { state.gk = key; state.gd = key !== 'group'; }
    writeHash();
    renderGroups();
    var b = ui.groups.querySelector('th[aria-sort="' + (state.gd ? 'descending' : 'ascending') + '"] button');
    if (b) b.focus();
  }
